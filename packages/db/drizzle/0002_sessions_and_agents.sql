CREATE TABLE `agent_profiles` (
	`name` text PRIMARY KEY NOT NULL,
	`adapter` text NOT NULL,
	`model` text,
	`args` text NOT NULL,
	`command` text,
	`permission_mode` text,
	`env_allowlist` text NOT NULL,
	`skills` text NOT NULL,
	`persona` text NOT NULL,
	`max_concurrent` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `session_logs` (
	`session_id` text NOT NULL,
	`seq` integer NOT NULL,
	`stream` text NOT NULL,
	`text` text NOT NULL,
	`ts` integer NOT NULL,
	PRIMARY KEY(`session_id`, `seq`),
	FOREIGN KEY (`session_id`) REFERENCES `sessions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`project_id` text NOT NULL,
	`agent` text NOT NULL,
	`role` text NOT NULL,
	`status` text NOT NULL,
	`attempt` integer NOT NULL,
	`runner_id` text,
	`lease` integer DEFAULT 0 NOT NULL,
	`pid` integer,
	`cwd` text,
	`worktree_path` text,
	`branch` text,
	`prompt` text NOT NULL,
	`exit_code` integer,
	`error` text,
	`agent_session_id` text,
	`parent_session_id` text,
	`use_worktree` integer DEFAULT false NOT NULL,
	`is_queue` integer DEFAULT false NOT NULL,
	`queue_index` integer DEFAULT 0 NOT NULL,
	`last_report` text,
	`token_hash` text NOT NULL,
	`cost_usd` real DEFAULT 0 NOT NULL,
	`tokens_in` integer DEFAULT 0 NOT NULL,
	`tokens_out` integer DEFAULT 0 NOT NULL,
	`next_seq` integer DEFAULT 1 NOT NULL,
	`stop_requested` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	`started_at` integer,
	`ended_at` integer,
	`last_heartbeat_at` integer,
	`last_output_at` integer,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`parent_session_id`) REFERENCES `sessions`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `sessions_project_idx` ON `sessions` (`project_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `sessions_status_idx` ON `sessions` (`status`);--> statement-breakpoint
CREATE INDEX `sessions_token_idx` ON `sessions` (`token_hash`);--> statement-breakpoint
CREATE TABLE `session_tasks` (
	`session_id` text NOT NULL,
	`task_id` text NOT NULL,
	`position` integer NOT NULL,
	PRIMARY KEY(`session_id`, `task_id`),
	FOREIGN KEY (`session_id`) REFERENCES `sessions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`task_id`) REFERENCES `tasks`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `session_tasks_task_idx` ON `session_tasks` (`task_id`);