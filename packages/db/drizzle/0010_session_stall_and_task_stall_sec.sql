ALTER TABLE `sessions` ADD `stalled_at` integer;--> statement-breakpoint
ALTER TABLE `tasks` ADD `stall_sec` integer;