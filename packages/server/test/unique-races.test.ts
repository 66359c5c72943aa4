// Regression: concurrent creates of one name on PostgreSQL answered the engine's unique violation
// as an internal error. Both instances' checks pass before either commits; the index decides.
import { describe, expect, it } from "vitest";
import type { RunningServer } from "../src/main";
import { ENGINE, freshDatabaseUrl } from "./engine";
import { type HttpClient, makeHttpClient, useServerPool } from "./live-server";

const pool = useServerPool();
const OWNER = "owner-token-of-the-whole-team-0123456789";
const RACERS = 8;

/** Two instances on one PostgreSQL database; on SQLite the one server a file has. */
async function clients(): Promise<{ servers: RunningServer[]; clients: HttpClient[] }> {
  const databaseUrl = await freshDatabaseUrl();
  const count = ENGINE === "postgres" ? 2 : 1;
  const servers: RunningServer[] = [];
  for (let i = 0; i < count; i++) {
    servers.push(await pool.start({ token: OWNER, ...(databaseUrl ? { databaseUrl } : {}) }));
  }
  return { servers, clients: servers.map((server) => makeHttpClient(server.url, { token: OWNER })) };
}

/** Runs `call` RACERS times at once, alternating instances; answers the successes and the failures. */
async function race<T>(all: HttpClient[], call: (client: HttpClient, i: number) => Promise<T>) {
  const outcomes = await Promise.allSettled(Array.from({ length: RACERS }, (_, i) => call(all[i % all.length]!, i)));
  const won = outcomes.filter((outcome) => outcome.status === "fulfilled");
  const lost = outcomes.flatMap((outcome) => (outcome.status === "rejected" ? [outcome.reason as unknown] : []));
  return { won, lost };
}

/** Every loser was told ALREADY_EXISTS about `field`, as a conflict, not an internal error. */
function expectAllAlreadyExist(lost: unknown[], field: string): void {
  expect(lost).toHaveLength(RACERS - 1);
  for (const error of lost) {
    const { data, message } = error as {
      data?: { code?: string; domainCode?: string; field?: string };
      message: string;
    };
    expect({ code: data?.code, domainCode: data?.domainCode, field: data?.field }, message).toEqual({
      code: "CONFLICT",
      domainCode: "ALREADY_EXISTS",
      field,
    });
  }
}

describe(`concurrent creates of one name (${ENGINE})`, () => {
  it("project.create with one key: one project, the rest ALREADY_EXISTS naming key", async () => {
    const { clients: all } = await clients();
    const { won, lost } = await race(all, (client, i) =>
      client.project.create.mutate({ name: `Web ${i}`, rootDir: "/tmp/web", key: "WEB" }),
    );
    expect(won).toHaveLength(1);
    expectAllAlreadyExist(lost, "key");
    for (const client of all) {
      const projects = await client.project.list.query({});
      expect(projects.items.filter((project) => project.key === "WEB")).toHaveLength(1);
    }
  }, 60_000);

  it("agent.add with one name: one profile, the rest ALREADY_EXISTS naming name", async () => {
    const { clients: all } = await clients();
    const { won, lost } = await race(all, (client, i) =>
      client.agent.add.mutate({ name: "scripted", adapter: "custom", command: ["/bin/echo", `${i}`] }),
    );
    expect(won).toHaveLength(1);
    expectAllAlreadyExist(lost, "name");
    // The profile is the winner's, not overwritten by a later racer.
    const stored = await all[0]!.agent.byName.query({ name: "scripted" });
    const winner = (won[0] as PromiseFulfilledResult<{ command: string[] | null }>).value;
    expect(stored.command).toEqual(winner.command);
  }, 60_000);

  it("token.create with one name in any case: one token, the rest ALREADY_EXISTS naming name", async () => {
    const { clients: all } = await clients();
    const { won, lost } = await race(all, (client, i) =>
      client.token.create.mutate({ name: i % 2 ? "Ada" : "ada", role: "member" }),
    );
    expect(won).toHaveLength(1);
    expectAllAlreadyExist(lost, "name");
    const tokens = await all[0]!.token.list.query();
    expect(tokens.filter((token) => token.name.toLowerCase() === "ada" && !token.revokedAt)).toHaveLength(1);
  }, 60_000);

  it("spec.create with one slug: one spec, the rest ALREADY_EXISTS naming slug", async () => {
    const { clients: all } = await clients();
    const project = await all[0]!.project.create.mutate({ name: "Web", rootDir: pool.home(), key: "WEB" });
    const { won, lost } = await race(all, (client, i) =>
      client.spec.create.mutate({ projectId: project.id, name: `Login ${i}`, slug: "login", request: "r" }),
    );
    expect(won).toHaveLength(1);
    expectAllAlreadyExist(lost, "slug");
  }, 60_000);

  it("project.create without a key: every one succeeds, each with a key of its own", async () => {
    const { clients: all } = await clients();
    const { won, lost } = await race(all, (client) =>
      client.project.create.mutate({ name: "Demo", rootDir: "/tmp/d" }),
    );
    expect(lost).toEqual([]);
    const keys = won.map((outcome) => (outcome as PromiseFulfilledResult<{ key: string }>).value.key).sort();
    expect(keys).toEqual(["DEMO", ...Array.from({ length: RACERS - 1 }, (_, i) => `DEMO${i + 2}`)].sort());
  }, 60_000);

  it("spec.create without a slug: every one succeeds, each with a slug of its own", async () => {
    const { clients: all } = await clients();
    const project = await all[0]!.project.create.mutate({ name: "Web", rootDir: pool.home(), key: "WEB" });
    const { won, lost } = await race(all, (client) =>
      client.spec.create.mutate({ projectId: project.id, name: "Login", request: "r" }),
    );
    expect(lost).toEqual([]);
    const slugs = won.map((outcome) => (outcome as PromiseFulfilledResult<{ slug: string }>).value.slug);
    expect(new Set(slugs).size).toBe(RACERS);
  }, 60_000);

  it("the servers keep serving after the races", async () => {
    const { clients: all } = await clients();
    await race(all, (client) => client.project.create.mutate({ name: "Web", rootDir: "/tmp/web", key: "WEB" }));
    for (const [i, client] of all.entries()) {
      const project = await client.project.create.mutate({ name: `Next ${i}`, rootDir: "/tmp/next", key: `NEXT${i}` });
      expect(project.key).toBe(`NEXT${i}`);
    }
  }, 60_000);
});
