// Throw-away homes in which Gemini CLI and OpenCode reach nothing but the stand-in. Give each
// CLI its home as TMPDIR too: Gemini CLI leaves a report of every failed call there.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * An API key with a base URL is Gemini's "gateway" auth unless the settings choose the key;
 * usage statistics, telemetry and update checks off.
 */
const GEMINI_SETTINGS = {
  security: { auth: { selectedType: "gemini-api-key" } },
  privacy: { usageStatisticsEnabled: false },
  telemetry: { enabled: false },
  general: { enableAutoUpdate: false, enableAutoUpdateNotification: false },
};

export function makeGeminiHome(parent = tmpdir()): string {
  const home = mkdtempSync(join(parent, "maestro-gemini-home-"));
  mkdirSync(join(home, ".gemini"));
  writeFileSync(join(home, ".gemini", "settings.json"), JSON.stringify(GEMINI_SETTINGS));
  return home;
}

/** OpenCode otherwise fetches the models.dev catalogue, checks for updates and looks its plugins up on npm. */
export const OPENCODE_OFFLINE = {
  OPENCODE_DISABLE_MODELS_FETCH: "1",
  OPENCODE_DISABLE_AUTOUPDATE: "1",
  npm_config_offline: "true",
};

/** OpenCode's built-in `anthropic` provider pointed at the stand-in's `apiUrl`; no updates, no sharing. */
export function makeOpencodeHome(apiUrl: string, parent = tmpdir()): string {
  const home = mkdtempSync(join(parent, "maestro-opencode-home-"));
  mkdirSync(join(home, ".config", "opencode"), { recursive: true });
  const config = {
    autoupdate: false,
    share: "disabled",
    provider: { anthropic: { options: { baseURL: `${apiUrl}/v1` } } },
  };
  writeFileSync(join(home, ".config", "opencode", "opencode.json"), JSON.stringify(config));
  return home;
}
