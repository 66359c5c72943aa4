import { defineConfig } from "drizzle-kit";

// The PostgreSQL dialect of the same tables (src/schema-pg), with its own committed migrations.
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/schema-pg/index.ts",
  out: "./drizzle-pg",
  casing: "snake_case",
});
