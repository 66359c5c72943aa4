CREATE TABLE "land_jobs" (
	"id" text PRIMARY KEY NOT NULL,
	"task_id" text NOT NULL,
	"project_id" text NOT NULL,
	"state" text NOT NULL,
	"runner_id" text,
	"lease" integer DEFAULT 0 NOT NULL,
	"lease_expires_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "land_jobs_task_id_unique" UNIQUE("task_id")
);
--> statement-breakpoint
CREATE TABLE "task_diffs" (
	"task_id" text PRIMARY KEY NOT NULL,
	"base" text NOT NULL,
	"head" text NOT NULL,
	"files" jsonb NOT NULL,
	"patch" text NOT NULL,
	"is_truncated" boolean DEFAULT false NOT NULL,
	"reported_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "land_jobs" ADD CONSTRAINT "land_jobs_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "land_jobs" ADD CONSTRAINT "land_jobs_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_diffs" ADD CONSTRAINT "task_diffs_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "land_jobs_created_idx" ON "land_jobs" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "land_jobs_project_idx" ON "land_jobs" USING btree ("project_id","state");