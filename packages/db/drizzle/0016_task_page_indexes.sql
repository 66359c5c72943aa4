DROP INDEX `tasks_project_status_idx`;--> statement-breakpoint
CREATE INDEX `tasks_project_status_rank_idx` ON `tasks` (`project_id`,`status`,`rank`,`number`);--> statement-breakpoint
CREATE INDEX `tasks_project_parent_rank_idx` ON `tasks` (`project_id`,`parent_id`,`rank`,`number`);