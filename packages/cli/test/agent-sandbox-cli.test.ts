import { describe, expect, it } from "vitest";
import { useCliServer } from "./cli-server";

const cli = useCliServer("maestro-cli-sandbox-");

const maestro = (...argv: string[]) => cli.run(argv, "token");

describe("maestro agent add|update --sandbox --network", () => {
  it("adds a sandboxed, offline profile and shows it so", async () => {
    const added = await maestro(
      "agent",
      "add",
      "boxed",
      "--adapter",
      "shell",
      "--sandbox",
      "bwrap",
      "--network",
      "off",
    );
    expect(added).toMatchObject({ code: 0, stderr: "" });
    const shown = await maestro("agent", "show", "boxed", "--json");
    expect(JSON.parse(shown.stdout)).toMatchObject({ sandbox: "bwrap", network: "off" });
    expect((await maestro("agent", "list")).stdout).toMatch(/boxed .*bwrap, network off/);
  });

  it("defaults to no sandbox and the network on", async () => {
    await maestro("agent", "add", "plain", "--adapter", "shell");
    const shown = JSON.parse((await maestro("agent", "show", "plain", "--json")).stdout);
    expect(shown).toMatchObject({ sandbox: "none", network: "on" });
  });

  it("refuses the network off without a sandbox, naming the field", async () => {
    const added = await maestro("agent", "add", "leaky", "--adapter", "shell", "--network", "off");
    expect(added.code).toBe(1);
    expect(added.stderr).toMatch(/network.*sandbox "bwrap"/);
    const updated = await maestro("agent", "update", "boxed", "--sandbox", "none");
    expect(updated.code).toBe(1);
    expect(updated.stderr).toMatch(/network.*sandbox "bwrap"/);
  });

  it("updates both, and a built-in profile too", async () => {
    const updated = await maestro("agent", "update", "boxed", "--sandbox", "none", "--network", "on", "--json");
    expect(JSON.parse(updated.stdout)).toMatchObject({ sandbox: "none", network: "on" });
    const builtIn = await maestro("agent", "update", "claude-code", "--sandbox", "bwrap", "--json");
    expect(JSON.parse(builtIn.stdout)).toMatchObject({ name: "claude-code", sandbox: "bwrap", network: "on" });
  });
});
