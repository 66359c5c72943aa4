// Signing in to the dashboard with several instances on one PostgreSQL database (postgres only).
// Regression: the one-time code was kept in the memory of the instance that printed the link.
import { describe, expect, it } from "vitest";
import type { RunningServer } from "../src/main";
import { freshDatabaseUrl } from "./engine";
import { type RawResponse, ownerClient, rawRequest, useServerPool } from "./live-server";

const pool = useServerPool();
const OWNER = "owner-token-of-the-whole-team-0123456789";
/** The one address a browser uses, in front of both instances (a proxy or a balancer). */
const SHARED_HOST = "maestro.team.test:8080";
const COOKIE = "maestro_session_8080";

async function twoInstances(): Promise<[RunningServer, RunningServer]> {
  const databaseUrl = (await freshDatabaseUrl())!;
  const start = () => pool.start({ databaseUrl, token: OWNER, allowedHosts: [SHARED_HOST] });
  return [await start(), await start()];
}

function codeOf(link: string): string {
  return new URL(link).hash.replace(/^#code=/, "");
}

function signIn(server: RunningServer, body: unknown): Promise<RawResponse> {
  return rawRequest({
    port: server.port,
    path: "/auth/signin",
    method: "POST",
    headers: { host: SHARED_HOST, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

/** The `name=value` a browser sends back, from a 204 sign-in. */
function cookieOf(res: RawResponse): string {
  expect(res.status, res.body).toBe(204);
  const cookie = (res.headers["set-cookie"]?.[0] ?? "").split(";")[0]!;
  expect(cookie.startsWith(`${COOKIE}=`)).toBe(true);
  return cookie;
}

function sessionAt(server: RunningServer, cookie: string): Promise<RawResponse> {
  return rawRequest({ port: server.port, path: "/auth/session", headers: { host: SHARED_HOST, cookie } });
}

function projectsAt(server: RunningServer, cookie: string): Promise<RawResponse> {
  const input = encodeURIComponent(JSON.stringify({}));
  return rawRequest({
    port: server.port,
    path: `/trpc/project.list?input=${input}`,
    headers: { host: SHARED_HOST, cookie },
  });
}

describe("dashboard sign-in across two instances on one PostgreSQL database", () => {
  it("a link printed by one instance signs in at the other, once; the cookie is good on both", async () => {
    const [a, b] = await twoInstances();
    const code = codeOf(await a.signInLink());
    const cookie = cookieOf(await signIn(b, { code }));
    for (const server of [a, b]) {
      const again = await signIn(server, { code });
      expect(again.status).toBe(401);
      expect(again.body).toMatch(/already used/);
    }
    for (const server of [a, b]) {
      const session = await sessionAt(server, cookie);
      expect(session.status).toBe(200);
      expect(JSON.parse(session.body)).toMatchObject({ signedIn: true, kind: "owner" });
      expect((await projectsAt(server, cookie)).status).toBe(200);
    }
  }, 60_000);

  it("concurrent redemptions of one link at both instances: exactly one signs in", async () => {
    const [a, b] = await twoInstances();
    const code = codeOf(await b.signInLink());
    const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => signIn(i % 2 ? a : b, { code })));
    expect(answers.filter((res) => res.status === 204)).toHaveLength(1);
    expect(answers.filter((res) => res.status === 401 && /already used/.test(res.body))).toHaveLength(7);
  }, 60_000);

  it("a link asked of one instance (auth.signInLink) works at the other", async () => {
    const [a, b] = await twoInstances();
    const { url } = await ownerClient(a).auth.signInLink.mutate();
    const cookie = cookieOf(await signIn(b, { code: codeOf(url) }));
    expect((await sessionAt(a, cookie)).status).toBe(200);
  }, 60_000);

  it("a person's cookie minted on one instance is accepted by the other, until their token is revoked", async () => {
    const [a, b] = await twoInstances();
    const { token } = await ownerClient(a).token.create.mutate({ name: "ada", role: "viewer" });
    const cookie = cookieOf(await signIn(a, { token }));
    const session = await sessionAt(b, cookie);
    expect(JSON.parse(session.body)).toMatchObject({ signedIn: true, kind: "person", name: "ada", role: "viewer" });
    await ownerClient(a).token.revoke.mutate({ name: "ada" });
    expect((await sessionAt(b, cookie)).status).toBe(401);
  }, 60_000);
});
