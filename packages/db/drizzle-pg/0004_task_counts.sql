CREATE TABLE "task_counts" (
	"project_id" text NOT NULL,
	"status" text NOT NULL,
	"is_ready" boolean NOT NULL,
	"tasks" integer NOT NULL,
	CONSTRAINT "task_counts_project_id_status_is_ready_pk" PRIMARY KEY("project_id","status","is_ready")
);
--> statement-breakpoint
DROP INDEX "tasks_project_rank_idx";--> statement-breakpoint
ALTER TABLE "task_dependencies" ADD COLUMN "is_pending" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "pending_dependencies" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "task_counts" ADD CONSTRAINT "task_counts_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "tasks_project_ready_rank_idx" ON "tasks" USING btree ("project_id","rank","number") WHERE "tasks"."status" = 'todo' AND "tasks"."pending_dependencies" = 0;--> statement-breakpoint
CREATE INDEX "tasks_project_rank_idx" ON "tasks" USING btree ("project_id","rank","number");--> statement-breakpoint
UPDATE "task_dependencies" d SET "is_pending" = true FROM "tasks" u WHERE u."id" = d."depends_on_id" AND u."status" <> 'done';--> statement-breakpoint
UPDATE "tasks" t SET "pending_dependencies" = p.n FROM (SELECT "task_id", count(*) AS n FROM "task_dependencies" WHERE "is_pending" GROUP BY "task_id") p WHERE p."task_id" = t."id";--> statement-breakpoint
INSERT INTO "task_counts" ("project_id", "status", "is_ready", "tasks") SELECT "project_id", "status", "status" = 'todo' AND "pending_dependencies" = 0, count(*) FROM "tasks" GROUP BY 1, 2, 3;--> statement-breakpoint
-- A new edge is pending while the task it depends on is not done. That task's row is read FOR SHARE:
-- a concurrent change of its status waits for this transaction, or this one for it (and then reads
-- the new status), so the edge and its flag never disagree.
-- (Locked whatever its status: FOR SHARE locks only the rows a query returns.)
CREATE FUNCTION "task_dependency_pending"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  dependency_status text;
BEGIN
  SELECT "status" INTO dependency_status FROM "tasks" WHERE "id" = NEW."depends_on_id" FOR SHARE;
  NEW."is_pending" := dependency_status IS DISTINCT FROM 'done';
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER "task_dependencies_pending_on_insert" BEFORE INSERT ON "task_dependencies"
FOR EACH ROW EXECUTE FUNCTION "task_dependency_pending"();--> statement-breakpoint
-- A dependency becoming done, or not done any more, flips its edges (each edge row is the lock a
-- concurrent delete of that edge meets).
CREATE FUNCTION "task_status_pending"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "task_dependencies" SET "is_pending" = NEW."status" <> 'done' WHERE "depends_on_id" = NEW."id";
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "tasks_pending_on_status" AFTER UPDATE OF "status" ON "tasks"
FOR EACH ROW WHEN ((OLD."status" = 'done') <> (NEW."status" = 'done')) EXECUTE FUNCTION "task_status_pending"();--> statement-breakpoint
-- A task counts its pending edges; an edge deleted with the task it depends on takes its count along.
CREATE FUNCTION "task_dependency_count"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    UPDATE "tasks" SET "pending_dependencies" = "pending_dependencies" - 1 WHERE "id" = OLD."task_id";
  ELSE
    UPDATE "tasks" SET "pending_dependencies" = "pending_dependencies" + (CASE WHEN NEW."is_pending" THEN 1 ELSE -1 END)
    WHERE "id" = NEW."task_id";
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "task_dependencies_count_on_insert" AFTER INSERT ON "task_dependencies"
FOR EACH ROW WHEN (NEW."is_pending") EXECUTE FUNCTION "task_dependency_count"();--> statement-breakpoint
CREATE TRIGGER "task_dependencies_count_on_update" AFTER UPDATE OF "is_pending" ON "task_dependencies"
FOR EACH ROW WHEN (OLD."is_pending" <> NEW."is_pending") EXECUTE FUNCTION "task_dependency_count"();--> statement-breakpoint
CREATE TRIGGER "task_dependencies_count_on_delete" AFTER DELETE ON "task_dependencies"
FOR EACH ROW WHEN (OLD."is_pending") EXECUTE FUNCTION "task_dependency_count"();--> statement-breakpoint
-- task_counts: each task in one bucket (project, status, ready). A status change's two buckets are
-- written in one statement in key order, so two such writes lock them in the same order.
CREATE FUNCTION "task_count"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    UPDATE "task_counts" SET "tasks" = "tasks" - 1
    WHERE "project_id" = OLD."project_id" AND "status" = OLD."status"
      AND "is_ready" = (OLD."status" = 'todo' AND OLD."pending_dependencies" = 0);
    RETURN NULL;
  END IF;
  INSERT INTO "task_counts" AS c ("project_id", "status", "is_ready", "tasks")
  SELECT * FROM (
    VALUES (NEW."project_id", NEW."status", NEW."status" = 'todo' AND NEW."pending_dependencies" = 0, 1)
    UNION ALL
    SELECT OLD."project_id", OLD."status", OLD."status" = 'todo' AND OLD."pending_dependencies" = 0, -1
    WHERE TG_OP = 'UPDATE'
  ) AS change ("project_id", "status", "is_ready", "tasks")
  -- Not for a project being deleted: its task_counts rows may be gone before its last tasks.
  WHERE EXISTS (SELECT 1 FROM "projects" WHERE "id" = NEW."project_id")
  ORDER BY 1, 2, 3
  ON CONFLICT ("project_id", "status", "is_ready") DO UPDATE SET "tasks" = c."tasks" + excluded."tasks";
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "tasks_count_on_insert" AFTER INSERT ON "tasks" FOR EACH ROW EXECUTE FUNCTION "task_count"();--> statement-breakpoint
CREATE TRIGGER "tasks_count_on_delete" AFTER DELETE ON "tasks" FOR EACH ROW EXECUTE FUNCTION "task_count"();--> statement-breakpoint
CREATE TRIGGER "tasks_count_on_update" AFTER UPDATE OF "status", "pending_dependencies" ON "tasks"
FOR EACH ROW WHEN (OLD."status" <> NEW."status"
  OR (NEW."status" = 'todo' AND (OLD."pending_dependencies" = 0) <> (NEW."pending_dependencies" = 0)))
EXECUTE FUNCTION "task_count"();
