import { defineConfig } from "@playwright/test";
import { signedInState, teamEnv } from "./team/team-env";

/**
 * The team test (`pnpm --filter @maestro/e2e e2e:team`): two `maestro serve` instances on one
 * PostgreSQL database, started by team/team-setup.ts on ports 4795 and 4796. Apart from the main
 * suite (playwright.config.ts), which keeps its one SQLite server.
 */
const { instances } = teamEnv();

export default defineConfig({
  testDir: "./team",
  testMatch: "**/*.spec.ts",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: true,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  globalSetup: "./team/team-setup.ts",
  use: {
    baseURL: instances[0]!.url,
    storageState: signedInState(),
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
      ],
    },
  },
});
