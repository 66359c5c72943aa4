import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "src/**/*.test.ts"],
    // A stray `.only` fails the run instead of silently skipping the rest.
    allowOnly: false,
    // The pinned real agent CLIs, installed once into a cache outside the repository.
    globalSetup: ["test/real-agents/global-setup.ts"],
  },
});
