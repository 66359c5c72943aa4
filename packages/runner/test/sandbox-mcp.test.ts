import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type World, fixture, startWorld } from "./world";

// Maestro's MCP server as sessions run it (`maestro mcp` over stdio, the session's token from the
// environment), inside the real bwrap with the network off: MAESTRO_URL is then the session's
// Unix socket, which only stdio (not an HTTP MCP client) can use.
let world: World;

beforeAll(async () => {
  world = await startWorld({ heartbeatMs: 60_000 });
  await world.client.agent.add.mutate({
    name: "mcp-offline",
    adapter: "custom",
    command: [process.execPath, fixture("mcp-report-agent.mjs"), "done", "reported through MCP, offline"],
    sandbox: "bwrap",
    network: "off",
  });
}, 30_000);

afterAll(() => world?.close());

describe("Maestro's MCP server in a sandbox with the network off", { timeout: 60_000 }, () => {
  it("reaches Maestro through the session's socket: the report lands and the task is done", async () => {
    const session = await world.runTask("mcp-offline", "report through MCP");
    const ended = await world.waitForEnd(session.id, 45_000);
    expect(await world.logText(session.id, "stdout")).toContain('mcp answered: {"content":[{"type":"text"');
    expect(ended).toMatchObject({ status: "succeeded", lastReport: "reported through MCP, offline" });
    expect((await world.client.task.byId.query({ id: session.taskIds[0]! })).status).toBe("done");
    expect((await world.client.session.manifest.query({ id: session.id })).argv).toContain("--unshare-net");
  });
});
