import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "@playwright/test";
import { api, uniqueKey } from "./support";

// Writes the requirements where the prompt says and reports done (shared with the runner's tests).
const draftingAgent = fileURLToPath(new URL("../../packages/runner/test/fixtures/drafting-agent.sh", import.meta.url));

test("an agent drafts the requirements from the spec page; its document appears in the editor live", async ({
  page,
}) => {
  const key = uniqueKey("DRAFT");
  const rootDir = mkdtempSync(join(tmpdir(), "maestro-e2e-draft-"));
  const agent = `drafter-${key.toLowerCase()}`;
  await api.project.create.mutate({ name: `Draft ${key}`, rootDir, key });
  await api.agent.add.mutate({ name: agent, adapter: "custom", command: [draftingAgent, "{promptFile}"] });
  const spec = await api.spec.create.mutate({
    projectId: key,
    name: "Sign in",
    request: "Users sign in with a password.",
  });

  await page.goto(`/projects/${key}/specs/${spec.slug}`);
  await expect(page.getByRole("status", { name: "Connection: Live" })).toBeVisible();
  const draft = page.getByRole("region", { name: "Draft with an agent" });
  await draft.getByLabel("Drafting agent").selectOption(agent);
  await draft.getByRole("button", { name: "Draft with an agent" }).click();
  await expect(draft.getByRole("status")).toContainText("the analyst is drafting");

  await expect(page.getByRole("textbox", { name: "requirements.md" })).toHaveValue(
    /WHEN a user submits valid credentials THE SYSTEM SHALL open the dashboard\./,
    {
      timeout: 20_000,
    },
  );
  await draft.getByRole("link", { name: "Open the session" }).click();
  await expect(page.getByRole("status", { name: "Session status: Succeeded" })).toBeVisible({ timeout: 15_000 });
});
