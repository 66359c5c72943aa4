CREATE TABLE `tokens` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`role` text NOT NULL,
	`secret_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	`last_used_at` integer,
	`revoked_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tokens_secret_hash_idx` ON `tokens` (`secret_hash`);--> statement-breakpoint
CREATE UNIQUE INDEX `tokens_live_name_idx` ON `tokens` (lower("name")) WHERE "tokens"."revoked_at" IS NULL;