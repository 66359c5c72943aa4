import { describe, expect, it } from "vitest";
import { renderAgentTable, renderSessionDetail } from "../src/format-session";
import { Output } from "../src/output";
import { useCliServer } from "./cli-server";

const cli = useCliServer("maestro-cli-memory-");

const maestro = (...argv: string[]) => cli.run(argv, "token");
const show = async (name: string) => JSON.parse((await maestro("agent", "show", name, "--json")).stdout);

describe("maestro agent add|update --memory-mb", () => {
  it("sets a profile's footprint, shows it, and clears it with none", async () => {
    const added = await maestro("agent", "add", "big", "--adapter", "shell", "--memory-mb", "1536");
    expect(added).toMatchObject({ code: 0, stderr: "" });
    expect(await show("big")).toMatchObject({ memoryMb: 1536, footprint: { mb: 1536, source: "set" } });
    expect((await maestro("agent", "list")).stdout).toMatch(/big .*set: 1\.5 GiB/);
    expect((await maestro("agent", "show", "big")).stdout).toMatch(/set: 1\.5 GiB/);

    expect((await maestro("agent", "update", "big", "--memory-mb", "2048")).code).toBe(0);
    expect(await show("big")).toMatchObject({ memoryMb: 2048 });
    expect(await maestro("agent", "update", "big", "--memory-mb", "none")).toMatchObject({ code: 0, stderr: "" });
    expect(await show("big")).toMatchObject({ memoryMb: null, footprint: null });
  });

  it("leaves the footprint alone when the flag is not given", async () => {
    await maestro("agent", "add", "kept", "--adapter", "shell", "--memory-mb", "512");
    await maestro("agent", "update", "kept", "--max-concurrent", "2");
    expect(await show("kept")).toMatchObject({ memoryMb: 512, maxConcurrent: 2 });
  });

  it("refuses what is not a number of MiB, naming the flag", async () => {
    const refused = await maestro("agent", "add", "odd", "--adapter", "shell", "--memory-mb", "lots");
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--memory-mb.*whole number of MiB/);
    expect((await maestro("agent", "add", "tiny", "--adapter", "shell", "--memory-mb", "8")).code).toBe(2);
  });
});

describe("memory in the CLI's tables", () => {
  const output = new Output({ out: () => {}, err: () => {}, isTTY: false }, false, false);

  it("shows a learned footprint in agent list and a session's peak memory in session show", async () => {
    const agent = { ...(await show("claude-code")), footprint: { mb: 1434, source: "learned" } };
    expect(renderAgentTable(output, [agent])).toMatch(/learned: 1\.4 GiB/);
    const session = { ...baseSession, peakRssMb: 1434 };
    expect(renderSessionDetail(output, session, () => "WEB-1")).toMatch(/peak memory\s+1\.4 GiB/);
    expect(renderSessionDetail(output, { ...session, peakRssMb: null }, () => "WEB-1")).toMatch(/peak memory\s+—/);
  });
});

const baseSession = {
  ...{ id: "0123456789", projectId: "p1", taskIds: ["t1"], agent: "claude-code", role: "worker" as const },
  ...{ status: "succeeded" as const, stopRequested: false, attempt: 1, runnerId: "r1", pid: 42, cwd: "/w" },
  ...{ worktreePath: null, branch: null, prompt: "Do it", exitCode: 0, error: null },
  ...{ agentSessionId: null, parentSessionId: null, resumedFromId: null, resumeReason: null },
  ...{ followUp: null, costUsd: 0, costIsEstimate: false, tokensIn: 0, tokensOut: 0, queueIndex: 0 },
  ...{ lastReport: null, createdAt: "2026-01-01T00:00:00.000Z", startedAt: "2026-01-01T00:00:00.000Z" },
  ...{ endedAt: "2026-01-01T00:01:00.000Z", lastHeartbeatAt: null, lastOutputAt: null, stalledAt: null },
  ...{ endReason: null, stoppedBy: null, peakRssMb: null },
};
