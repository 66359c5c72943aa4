import { defineConfig } from "@playwright/test";
import base from "./playwright.config";

/** Measurements of big projects in Chromium (`playwright test -c playwright.measure.config.ts`); never asserted. */
export default defineConfig({ ...base, testDir: "./measure", testMatch: "**/*.measure.ts", timeout: 900_000 });
