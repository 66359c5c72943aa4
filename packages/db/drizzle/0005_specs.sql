CREATE TABLE `spec_phases` (
	`spec_id` text NOT NULL,
	`phase` text NOT NULL,
	`review_state` text NOT NULL,
	`required_approvals` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`spec_id`, `phase`),
	FOREIGN KEY (`spec_id`) REFERENCES `specs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `spec_reviews` (
	`id` text PRIMARY KEY NOT NULL,
	`spec_id` text NOT NULL,
	`phase` text NOT NULL,
	`kind` text NOT NULL,
	`version` integer NOT NULL,
	`actor` text NOT NULL,
	`comment` text DEFAULT '' NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`spec_id`) REFERENCES `specs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `spec_reviews_spec_idx` ON `spec_reviews` (`spec_id`,`phase`,`version`);--> statement-breakpoint
CREATE TABLE `specs` (
	`id` text PRIMARY KEY NOT NULL,
	`project_id` text NOT NULL,
	`slug` text NOT NULL,
	`name` text NOT NULL,
	`request` text DEFAULT '' NOT NULL,
	`phase` text NOT NULL,
	`status` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `specs_project_slug_unique` ON `specs` (`project_id`,`slug`);--> statement-breakpoint
CREATE TABLE `spec_tasks` (
	`spec_id` text NOT NULL,
	`item` text NOT NULL,
	`task_id` text NOT NULL,
	PRIMARY KEY(`spec_id`, `item`),
	FOREIGN KEY (`spec_id`) REFERENCES `specs`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`task_id`) REFERENCES `tasks`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `spec_tasks_task_unique` ON `spec_tasks` (`task_id`);--> statement-breakpoint
CREATE TABLE `spec_versions` (
	`spec_id` text NOT NULL,
	`phase` text NOT NULL,
	`version` integer NOT NULL,
	`text` text NOT NULL,
	`author` text NOT NULL,
	`source` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`spec_id`, `phase`, `version`),
	FOREIGN KEY (`spec_id`) REFERENCES `specs`(`id`) ON UPDATE no action ON DELETE cascade
);
