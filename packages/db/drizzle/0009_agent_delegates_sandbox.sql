ALTER TABLE `agent_profiles` ADD `delegates` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `agent_profiles` ADD `sandbox` text DEFAULT 'none' NOT NULL;--> statement-breakpoint
ALTER TABLE `agent_profiles` ADD `network` text DEFAULT 'on' NOT NULL;