ALTER TABLE `specs` ADD `source_ref` text;--> statement-breakpoint
CREATE UNIQUE INDEX `specs_project_source_ref_unique` ON `specs` (`project_id`,`source_ref`) WHERE `source_ref` IS NOT NULL;--> statement-breakpoint
ALTER TABLE `tasks` ADD `source_ref` text;--> statement-breakpoint
CREATE UNIQUE INDEX `tasks_project_source_ref_unique` ON `tasks` (`project_id`,`source_ref`) WHERE `source_ref` IS NOT NULL;