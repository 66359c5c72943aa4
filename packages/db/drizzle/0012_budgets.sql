ALTER TABLE `autopilots` ADD `pause_reason` text;--> statement-breakpoint
CREATE INDEX `tasks_spec_idx` ON `tasks` (`spec_id`);--> statement-breakpoint
CREATE INDEX `tasks_budget_idx` ON `tasks` (`project_id`) WHERE `budget_usd` IS NOT NULL OR `budget_tokens` IS NOT NULL;