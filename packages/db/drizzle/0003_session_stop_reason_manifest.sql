ALTER TABLE `sessions` ADD `stop_reason` text;--> statement-breakpoint
ALTER TABLE `sessions` ADD `manifest` text;