ALTER TABLE `sessions` ADD `resumed_from_id` text REFERENCES sessions(id) ON DELETE set null;--> statement-breakpoint
ALTER TABLE `sessions` ADD `resume_reason` text;--> statement-breakpoint
ALTER TABLE `sessions` ADD `cost_is_estimate` integer DEFAULT false NOT NULL;