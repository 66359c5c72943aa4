import { describe, expect, it } from "vitest";
import {
  type HttpClient,
  dbSnapshot,
  expectClientError,
  makeHttpClient,
  useServerPool,
  ownerClient,
} from "./live-server";

const pool = useServerPool();

/** A session on `taskId` claimed as a runner would: its agent's client holds the session's own token. */
async function agentOn(owner: HttpClient, url: string, taskId: string): Promise<HttpClient> {
  await owner.session.start.mutate({ taskIds: [taskId], agent: "shell" });
  const claim = (await owner.runner.claim.mutate({ runnerId: "r1" }))!;
  return makeHttpClient(url, { token: claim.token });
}

describe("tasks an agent session creates", () => {
  it("stop at the server's cap with FORBIDDEN naming it; nothing is written; each session counts its own", async () => {
    const server = await pool.start({ limits: { tasksCreatedPerSession: 3 } });
    const owner = ownerClient(server);
    await owner.project.create.mutate({ name: "Web", rootDir: pool.home(), key: "WEB" });
    await owner.project.update.mutate({ id: "WEB", settings: { concurrencyLimit: 4 } });
    const lead = await owner.task.create.mutate({ projectId: "WEB", title: "lead", command: "true" });
    const other = await owner.task.create.mutate({ projectId: "WEB", title: "other", command: "true" });
    const agent = await agentOn(owner, server.url, lead.id);
    for (const title of ["a", "b"]) await agent.task.create.mutate({ projectId: "WEB", title, parentId: lead.key });
    // The owner's own tasks, even under the agent's task, are not the agent's.
    await owner.task.create.mutate({ projectId: "WEB", title: "owner's", parentId: lead.key });
    await agent.task.create.mutate({ projectId: "WEB", title: "c", parentId: lead.key });

    const before = await dbSnapshot(server.database);
    const refused = await expectClientError(
      agent.task.create.mutate({ projectId: "WEB", title: "d", parentId: lead.key }),
    );
    expect(refused.data).toMatchObject({ code: "FORBIDDEN" });
    expect(refused.message).toMatch(/cap of 3 tasks created per agent session \(MAESTRO_AGENT_MAX_CREATED_TASKS\)/);
    expect(await dbSnapshot(server.database)).toBe(before);

    const second = await agentOn(owner, server.url, other.id);
    expect((await second.task.create.mutate({ projectId: "WEB", title: "e", parentId: other.key })).title).toBe("e");
    expect((await owner.task.create.mutate({ projectId: "WEB", title: "f", parentId: lead.key })).title).toBe("f");
  });
});
