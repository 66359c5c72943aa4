ALTER TABLE `agent_profiles` ADD `account` text;--> statement-breakpoint
ALTER TABLE `agent_profiles` ADD `memory_mb` integer;--> statement-breakpoint
ALTER TABLE `sessions` ADD `end_reason` text;--> statement-breakpoint
ALTER TABLE `sessions` ADD `stopped_by` text;--> statement-breakpoint
ALTER TABLE `sessions` ADD `peak_rss_mb` integer;--> statement-breakpoint
ALTER TABLE `tasks` ADD `budget_usd` real;--> statement-breakpoint
ALTER TABLE `tasks` ADD `budget_tokens` integer;--> statement-breakpoint
UPDATE `sessions` SET `end_reason` = CASE
  WHEN `status` = 'succeeded' THEN 'completed'
  WHEN `status` = 'failed' THEN 'failed'
  WHEN `status` = 'cancelled' THEN 'stopped'
  WHEN `status` = 'timed_out' AND `stop_reason` = 'stalled' THEN 'stalled'
  WHEN `status` = 'timed_out' THEN 'timed_out'
  WHEN `status` = 'interrupted' THEN 'runner_lost'
END WHERE `ended_at` IS NOT NULL;
