import { defineConfig } from "@playwright/test";
import { SIGNED_IN_STATE } from "./global-setup";
import { e2eHome } from "./owner-token";

const port = Number(process.env.MAESTRO_E2E_PORT ?? 4791);
// A fresh data directory per run: the tests never see (or touch) a developer's ~/.maestro.
const { home, token } = e2eHome();
export const baseURL = `http://127.0.0.1:${port}`;
process.env.MAESTRO_E2E_URL = baseURL;

export default defineConfig({
  testDir: "./tests",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: true,
  timeout: 30_000,
  expect: { timeout: 7_000 },
  reporter: [["list"]],
  // The server always wants a credential: pages start signed in (signin.spec.ts starts signed out).
  globalSetup: "./global-setup.ts",
  use: {
    baseURL,
    storageState: SIGNED_IN_STATE,
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
  webServer: {
    command: `node --import tsx ../packages/cli/src/main.ts serve --port ${port} --home ${home}`,
    url: `${baseURL}/healthz`,
    // The same token as <home>/token, for a server that takes it from the environment.
    env: { MAESTRO_TOKEN: token },
    reuseExistingServer: false,
    timeout: 30_000,
    stdout: "pipe",
    stderr: "pipe",
    // SIGTERM lets the runner stop every agent it still holds (the default SIGKILL orphans them).
    gracefulShutdown: { signal: "SIGTERM", timeout: 15_000 },
  },
});
