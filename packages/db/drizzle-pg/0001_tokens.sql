CREATE TABLE "tokens" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"role" text NOT NULL,
	"secret_hash" text NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"last_used_at" timestamp (3) with time zone,
	"revoked_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE UNIQUE INDEX "tokens_secret_hash_idx" ON "tokens" USING btree ("secret_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "tokens_live_name_idx" ON "tokens" USING btree (lower("name")) WHERE "tokens"."revoked_at" IS NULL;