CREATE TABLE `task_counts` (
	`project_id` text NOT NULL,
	`status` text NOT NULL,
	`is_ready` integer NOT NULL,
	`tasks` integer NOT NULL,
	PRIMARY KEY(`project_id`, `status`, `is_ready`),
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
DROP INDEX `tasks_project_rank_idx`;--> statement-breakpoint
ALTER TABLE `tasks` ADD `pending_dependencies` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `tasks_project_ready_rank_idx` ON `tasks` (`project_id`,`rank`,`number`) WHERE "tasks"."status" = 'todo' AND "tasks"."pending_dependencies" = 0;--> statement-breakpoint
CREATE INDEX `tasks_project_rank_idx` ON `tasks` (`project_id`,`rank`,`number`);--> statement-breakpoint
ALTER TABLE `task_dependencies` ADD `is_pending` integer DEFAULT false NOT NULL;--> statement-breakpoint
UPDATE `task_dependencies` SET `is_pending` = 1 WHERE EXISTS (SELECT 1 FROM `tasks` u WHERE u.`id` = `task_dependencies`.`depends_on_id` AND u.`status` <> 'done');--> statement-breakpoint
UPDATE `tasks` SET `pending_dependencies` = (SELECT count(*) FROM `task_dependencies` d WHERE d.`task_id` = `tasks`.`id` AND d.`is_pending`) WHERE `id` IN (SELECT `task_id` FROM `task_dependencies` WHERE `is_pending`);--> statement-breakpoint
INSERT INTO `task_counts` (`project_id`, `status`, `is_ready`, `tasks`) SELECT `project_id`, `status`, `status` = 'todo' AND `pending_dependencies` = 0, count(*) FROM `tasks` GROUP BY 1, 2, 3;--> statement-breakpoint
-- A new edge is pending while the task it depends on is not done (whatever the insert said).
CREATE TRIGGER `task_dependencies_pending_on_insert` AFTER INSERT ON `task_dependencies` BEGIN
  UPDATE `task_dependencies`
  SET `is_pending` = EXISTS (SELECT 1 FROM `tasks` WHERE `id` = NEW.`depends_on_id` AND `status` <> 'done')
  WHERE `task_id` = NEW.`task_id` AND `depends_on_id` = NEW.`depends_on_id`;
END;--> statement-breakpoint
-- A dependency becoming done, or not done any more, flips its edges.
CREATE TRIGGER `tasks_pending_on_status` AFTER UPDATE OF `status` ON `tasks`
WHEN (OLD.`status` = 'done') <> (NEW.`status` = 'done') BEGIN
  UPDATE `task_dependencies` SET `is_pending` = NEW.`status` <> 'done' WHERE `depends_on_id` = NEW.`id`;
END;--> statement-breakpoint
-- A task counts its pending edges; an edge deleted with the task it depends on takes its count along.
CREATE TRIGGER `task_dependencies_count_on_insert` AFTER INSERT ON `task_dependencies` WHEN NEW.`is_pending` BEGIN
  UPDATE `tasks` SET `pending_dependencies` = `pending_dependencies` + 1 WHERE `id` = NEW.`task_id`;
END;--> statement-breakpoint
CREATE TRIGGER `task_dependencies_count_on_update` AFTER UPDATE OF `is_pending` ON `task_dependencies`
WHEN OLD.`is_pending` <> NEW.`is_pending` BEGIN
  UPDATE `tasks` SET `pending_dependencies` = `pending_dependencies` + (CASE WHEN NEW.`is_pending` THEN 1 ELSE -1 END)
  WHERE `id` = NEW.`task_id`;
END;--> statement-breakpoint
CREATE TRIGGER `task_dependencies_count_on_delete` AFTER DELETE ON `task_dependencies` WHEN OLD.`is_pending` BEGIN
  UPDATE `tasks` SET `pending_dependencies` = `pending_dependencies` - 1 WHERE `id` = OLD.`task_id`;
END;--> statement-breakpoint
-- task_counts: each task in one bucket (project, status, ready).
CREATE TRIGGER `tasks_count_on_insert` AFTER INSERT ON `tasks` BEGIN
  INSERT INTO `task_counts` (`project_id`, `status`, `is_ready`, `tasks`)
  VALUES (NEW.`project_id`, NEW.`status`, NEW.`status` = 'todo' AND NEW.`pending_dependencies` = 0, 1)
  ON CONFLICT DO UPDATE SET `tasks` = `tasks` + 1;
END;--> statement-breakpoint
CREATE TRIGGER `tasks_count_on_delete` AFTER DELETE ON `tasks` BEGIN
  UPDATE `task_counts` SET `tasks` = `tasks` - 1
  WHERE `project_id` = OLD.`project_id` AND `status` = OLD.`status`
    AND `is_ready` = (OLD.`status` = 'todo' AND OLD.`pending_dependencies` = 0);
END;--> statement-breakpoint
CREATE TRIGGER `tasks_count_on_update` AFTER UPDATE OF `status`, `pending_dependencies` ON `tasks`
WHEN OLD.`status` <> NEW.`status`
  OR (NEW.`status` = 'todo' AND (OLD.`pending_dependencies` = 0) <> (NEW.`pending_dependencies` = 0)) BEGIN
  UPDATE `task_counts` SET `tasks` = `tasks` - 1
  WHERE `project_id` = OLD.`project_id` AND `status` = OLD.`status`
    AND `is_ready` = (OLD.`status` = 'todo' AND OLD.`pending_dependencies` = 0);
  -- Not for a project being deleted: its task_counts rows may be gone before its last tasks.
  INSERT INTO `task_counts` (`project_id`, `status`, `is_ready`, `tasks`)
  SELECT NEW.`project_id`, NEW.`status`, NEW.`status` = 'todo' AND NEW.`pending_dependencies` = 0, 1
  WHERE EXISTS (SELECT 1 FROM `projects` WHERE `id` = NEW.`project_id`)
  ON CONFLICT DO UPDATE SET `tasks` = `tasks` + 1;
END;
