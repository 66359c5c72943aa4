import { defineConfig } from "vitest/config";

// allowOnly: false — a stray `.only` fails the run instead of silently skipping the rest.
export default defineConfig({ test: { include: ["test/**/*.test.ts", "src/**/*.test.ts"], allowOnly: false } });
