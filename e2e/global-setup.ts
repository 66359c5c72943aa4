import { join } from "node:path";
import { request } from "@playwright/test";
import { e2eHome } from "./owner-token";

/** Kept in the run's own data directory (mode 0700): it holds a live session cookie. */
export const SIGNED_IN_STATE = join(e2eHome().home, "browser-signed-in.json");

/** Signs in once with the owner token, as a person pasting it would; every test starts with that cookie. */
export default async function globalSetup(): Promise<void> {
  const baseURL = process.env.MAESTRO_E2E_URL;
  if (!baseURL) throw new Error("MAESTRO_E2E_URL is not set: run the suite through playwright.config.ts");
  const context = await request.newContext({ baseURL });
  const response = await context.post("/auth/signin", { data: { token: e2eHome().token } });
  if (response.status() !== 204) throw new Error(`sign-in failed: ${response.status()} ${await response.text()}`);
  await context.storageState({ path: SIGNED_IN_STATE });
  await context.dispose();
}
