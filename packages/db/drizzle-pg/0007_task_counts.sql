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
-- Inserts and deletes are counted per statement (transition tables), so a bulk write updates each
-- count once: a row updated once per inserted row in one transaction would leave a chain of
-- versions that every next update walks (quadratic).
CREATE FUNCTION "task_dependencies_inserted"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "tasks" t SET "pending_dependencies" = t."pending_dependencies" + e.n
  FROM (SELECT "task_id", count(*) AS n FROM inserted WHERE "is_pending" GROUP BY "task_id") e
  WHERE t."id" = e."task_id";
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE FUNCTION "task_dependencies_deleted"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "tasks" t SET "pending_dependencies" = t."pending_dependencies" - e.n
  FROM (SELECT "task_id", count(*) AS n FROM deleted WHERE "is_pending" GROUP BY "task_id") e
  WHERE t."id" = e."task_id";
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE FUNCTION "task_dependency_flipped"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "tasks" SET "pending_dependencies" = "pending_dependencies" + (CASE WHEN NEW."is_pending" THEN 1 ELSE -1 END)
  WHERE "id" = NEW."task_id";
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "task_dependencies_count_on_insert" AFTER INSERT ON "task_dependencies"
REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION "task_dependencies_inserted"();--> statement-breakpoint
CREATE TRIGGER "task_dependencies_count_on_update" AFTER UPDATE OF "is_pending" ON "task_dependencies"
FOR EACH ROW WHEN (OLD."is_pending" <> NEW."is_pending") EXECUTE FUNCTION "task_dependency_flipped"();--> statement-breakpoint
CREATE TRIGGER "task_dependencies_count_on_delete" AFTER DELETE ON "task_dependencies"
REFERENCING OLD TABLE AS deleted FOR EACH STATEMENT EXECUTE FUNCTION "task_dependencies_deleted"();--> statement-breakpoint
-- task_counts: each task in one bucket (project, status, ready); each statement's changes are
-- written in one statement in key order, so two writers lock a project's rows in the same order.
-- Not for a project being deleted: its task_counts rows may be gone before its last tasks.
CREATE FUNCTION "task_counts_add"(change jsonb) RETURNS void LANGUAGE sql AS $$
  INSERT INTO "task_counts" AS c ("project_id", "status", "is_ready", "tasks")
  SELECT x."project_id", x."status", x."is_ready", sum(x."tasks")
  FROM jsonb_to_recordset(change) AS x("project_id" text, "status" text, "is_ready" boolean, "tasks" integer)
  WHERE EXISTS (SELECT 1 FROM "projects" p WHERE p."id" = x."project_id")
  GROUP BY 1, 2, 3 HAVING sum(x."tasks") <> 0
  ORDER BY 1, 2, 3
  ON CONFLICT ("project_id", "status", "is_ready") DO UPDATE SET "tasks" = c."tasks" + excluded."tasks";
$$;--> statement-breakpoint
CREATE FUNCTION "tasks_inserted"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "task_counts_add"((SELECT jsonb_agg(jsonb_build_object('project_id', "project_id", 'status', "status",
    'is_ready', r, 'tasks', n)) FROM (
      SELECT "project_id", "status", "status" = 'todo' AND "pending_dependencies" = 0, count(*) AS n
      FROM inserted GROUP BY 1, 2, 3) g("project_id", "status", r, n)));
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE FUNCTION "tasks_deleted"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "task_counts_add"((SELECT jsonb_agg(jsonb_build_object('project_id', "project_id", 'status', "status",
    'is_ready', r, 'tasks', -n)) FROM (
      SELECT "project_id", "status", "status" = 'todo' AND "pending_dependencies" = 0, count(*) AS n
      FROM deleted GROUP BY 1, 2, 3) g("project_id", "status", r, n)));
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE FUNCTION "tasks_updated"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "task_counts_add"((SELECT jsonb_agg(jsonb_build_object('project_id', b."project_id", 'status', b."status",
    'is_ready', b.r, 'tasks', b.n))
    FROM new_rows nw JOIN old_rows od USING ("id")
    CROSS JOIN LATERAL (VALUES
      (nw."project_id", nw."status", nw."status" = 'todo' AND nw."pending_dependencies" = 0, 1),
      (od."project_id", od."status", od."status" = 'todo' AND od."pending_dependencies" = 0, -1)
    ) AS b("project_id", "status", r, n)
    WHERE od."status" <> nw."status"
      OR (nw."status" = 'todo' AND (od."pending_dependencies" = 0) <> (nw."pending_dependencies" = 0))));
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "tasks_count_on_insert" AFTER INSERT ON "tasks"
REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION "tasks_inserted"();--> statement-breakpoint
CREATE TRIGGER "tasks_count_on_delete" AFTER DELETE ON "tasks"
REFERENCING OLD TABLE AS deleted FOR EACH STATEMENT EXECUTE FUNCTION "tasks_deleted"();--> statement-breakpoint
-- Per statement too (a column list is not allowed with transition tables, so every UPDATE fires it).
CREATE TRIGGER "tasks_count_on_update" AFTER UPDATE ON "tasks"
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "tasks_updated"();
