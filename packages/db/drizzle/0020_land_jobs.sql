CREATE TABLE `land_jobs` (
	`id` text PRIMARY KEY NOT NULL,
	`task_id` text NOT NULL,
	`project_id` text NOT NULL,
	`state` text NOT NULL,
	`runner_id` text,
	`lease` integer DEFAULT 0 NOT NULL,
	`lease_expires_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`task_id`) REFERENCES `tasks`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `land_jobs_task_id_unique` ON `land_jobs` (`task_id`);--> statement-breakpoint
CREATE INDEX `land_jobs_created_idx` ON `land_jobs` (`created_at`);--> statement-breakpoint
CREATE INDEX `land_jobs_project_idx` ON `land_jobs` (`project_id`,`state`);--> statement-breakpoint
CREATE TABLE `task_diffs` (
	`task_id` text PRIMARY KEY NOT NULL,
	`base` text NOT NULL,
	`head` text NOT NULL,
	`files` text NOT NULL,
	`patch` text NOT NULL,
	`is_truncated` integer DEFAULT false NOT NULL,
	`reported_at` integer NOT NULL,
	FOREIGN KEY (`task_id`) REFERENCES `tasks`(`id`) ON UPDATE no action ON DELETE cascade
);
