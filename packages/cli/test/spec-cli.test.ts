import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type RunningServer, startServer } from "@maestro/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Io } from "../src/output";
import { runCli } from "../src/program";

const REQUIREMENTS = `# Requirements

### Requirement 1: Sign in
1. WHEN the user submits valid credentials THE SYSTEM SHALL start a session
2. The system should lock the account after five failures

### Requirement 2: Sign out
1. THE SYSTEM SHALL offer sign-out on every page
`;

const TASKS = `# Tasks

- [ ] 1. Sessions table
  _Requirements: 1.1_
- [ ] 2. Sign-in endpoint
  Validates the password and starts a session.
  _Depends: 1_
  _Requirements: 1.1, 1.2_
  - [ ] 2.1 Lockout counter
    _Requirements: 1.2_
- [ ] 3. Sign-out button
  _Depends: 2_
  _Requirements: 2.1_
`;

let server: RunningServer;
let home: string;
let root: string;

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), "maestro-spec-cli-"));
  root = mkdtempSync(join(tmpdir(), "maestro-spec-root-"));
  for (const [name, text] of Object.entries({
    "req.md": REQUIREMENTS,
    "design.md": "# Design\nA sessions table and two endpoints.\n",
    "tasks.md": TASKS,
  })) {
    writeFileSync(join(home, name), text);
  }
  server = await startServer({ home, host: "127.0.0.1", port: 0, log: () => {} });
});
afterAll(async () => {
  await server.close();
  rmSync(home, { recursive: true, force: true });
  rmSync(root, { recursive: true, force: true });
});

async function maestro(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (t) => out.push(t), err: (t) => err.push(t), isTTY: false };
  const code = await runCli(argv, io, { MAESTRO_URL: server.url, MAESTRO_TOKEN: server.token });
  return { code, stdout: out.join("\n"), stderr: err.join("\n") };
}

async function json<T = Record<string, unknown>>(...argv: string[]): Promise<T> {
  const result = await maestro([...argv, "--json"]);
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as T;
}

interface ShownSpec {
  phase: string;
  phases: Array<{
    phase: string;
    text: string | null;
    version: number | null;
    reviewState: string;
    approvals: unknown[];
  }>;
  lint: Array<{ line: number; criterionId: string; message: string }>;
}

interface CliTask {
  id: string;
  key: string;
  title: string;
  parentId: string | null;
  dependsOn: string[];
  requirementIds: string[];
  specId: string | null;
}

describe("maestro spec", { timeout: 30_000 }, () => {
  it("takes a spec from request to approved tasks entirely from the CLI", async () => {
    await json("project", "create", "Web", "--dir", root, "--key", "WEB");
    const created = await json<{ id: string; slug: string; phase: string }>(
      "spec",
      "create",
      "Sign in",
      "--project",
      "WEB",
      "--request",
      "Let people sign in",
    );
    expect(created).toMatchObject({ slug: "sign-in", phase: "requirements" });

    await json("spec", "edit", "sign-in", "--phase", "requirements", "--file", join(home, "req.md"));
    let shown = await json<ShownSpec>("spec", "show", "sign-in");
    expect(shown.phases[0]).toMatchObject({
      phase: "requirements",
      text: REQUIREMENTS,
      version: 1,
      reviewState: "draft",
    });
    expect(shown.lint).toEqual([
      expect.objectContaining({ line: 5, criterionId: "1.2", message: "use SHALL, not SHOULD" }),
    ]);

    const early = await maestro(["spec", "approve", "sign-in", "--phase", "design"]);
    expect(early.code).toBe(1);
    expect(early.stderr).toMatch(/^error: cannot approve the design phase: it has no document yet/);

    await json("spec", "submit", "sign-in", "--comment", "first draft");
    await json("spec", "approve", "sign-in", "--comment", "good enough");
    await json("spec", "edit", "sign-in", "--phase", "design", "--file", join(home, "design.md"));
    await json("spec", "approve", "sign-in");
    await json("spec", "edit", "sign-in", "--phase", "tasks", "--file", join(home, "tasks.md"));

    const preview = await maestro(["spec", "tasks", "sign-in"]);
    expect(preview.code).toBe(0);
    expect(preview.stdout).toMatch(/\[ \] 2 Sign-in endpoint\s+new\s+\(after 1; req 1\.1, 1\.2\)/);
    expect(preview.stdout).toMatch(/4 to create, 0 to update/);

    const approved = await json<{ phase: string }>("spec", "approve", "WEB/sign-in");
    expect(approved.phase).toBe("implementation");
    shown = await json<ShownSpec>("spec", "show", created.id);
    expect(shown.phases.map((p) => [p.phase, p.version, p.reviewState])).toEqual([
      ["requirements", 1, "approved"],
      ["design", 1, "approved"],
      ["tasks", 1, "approved"],
    ]);

    const tasks = await json<CliTask[]>("task", "list", "--project", "WEB");
    const byTitle = Object.fromEntries(tasks.map((task) => [task.title, task]));
    expect(tasks.map((task) => task.title)).toEqual([
      "Sessions table",
      "Sign-in endpoint",
      "Lockout counter",
      "Sign-out button",
    ]);
    expect(tasks.every((task) => task.specId === created.id)).toBe(true);
    expect(byTitle["Sign-in endpoint"]).toMatchObject({
      dependsOn: [byTitle["Sessions table"]!.id],
      requirementIds: ["1.1", "1.2"],
    });
    expect(byTitle["Lockout counter"]).toMatchObject({
      parentId: byTitle["Sign-in endpoint"]!.id,
      requirementIds: ["1.2"],
    });
    expect(byTitle["Sign-out button"]).toMatchObject({
      dependsOn: [byTitle["Sign-in endpoint"]!.id],
      requirementIds: ["2.1"],
    });

    const folder = join(root, ".maestro/specs/sign-in");
    expect(readFileSync(join(folder, "requirements.md"), "utf8")).toBe(REQUIREMENTS);
    expect(readFileSync(join(folder, "design.md"), "utf8")).toMatch(/sessions table/);
    expect(readFileSync(join(folder, "tasks.md"), "utf8")).toBe(TASKS);

    const again = await maestro(["spec", "tasks", "sign-in"]);
    expect(again.stdout).toMatch(/0 to create, 4 to update/);
  });

  it("prints readable tables", async () => {
    const list = await maestro(["spec", "list", "--project", "WEB"]);
    expect(list.stdout).toMatch(/SPEC\s+NAME\s+PHASE\s+STATUS\s+REQUIREMENTS\s+DESIGN\s+TASKS/);
    expect(list.stdout).toMatch(/WEB\/sign-in\s+Sign in\s+implementation\s+active\s+v1 approved/);
    const show = await maestro(["spec", "show", "sign-in"]);
    expect(show.stdout).toMatch(/requirements\s+v1\s+approved\s+1\/1 \(owner\)/);
    expect(show.stdout).toMatch(/line 5 \[1\.2\]: use SHALL, not SHOULD/);
    expect(show.stdout).toMatch(/requirements v1 approval by owner: good enough/);
  });

  it("counts the owner token as one reviewer when two approvals are required", async () => {
    await json("spec", "create", "Audit", "--project", "WEB", "--approvals", "2");
    await json("spec", "edit", "audit", "--phase", "requirements", "--file", join(home, "req.md"));
    await maestro(["spec", "approve", "audit", "--json"]);
    // No header or variable can make the same token a second person any more.
    const twice = await maestro(["spec", "approve", "audit"]);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toMatch(
      /owner already approved version 1 of the requirements phase; it needs 2 approvals from different people, each with their own token/,
    );
    expect((await json<ShownSpec>("spec", "show", "audit")).phases[0]).toMatchObject({ reviewState: "in_review" });
  });

  it("syncs a disk edit, refuses a tasks.md with a cycle, and exits 2 on a bad phase", async () => {
    const folder = join(root, ".maestro/specs/audit");
    writeFileSync(
      join(folder, "requirements.md"),
      `${REQUIREMENTS}\n### Requirement 3: Audit\n1. THE SYSTEM SHALL log\n`,
    );
    const synced = await json<{ created: unknown[] }>("spec", "sync", "audit");
    // The server's own watcher may have taken the edit first: either way it is version 2 now.
    expect(synced.created.length).toBeLessThanOrEqual(1);
    // Still waiting for its second reviewer (the one approval so far was of version 1).
    expect((await json<ShownSpec>("spec", "show", "audit")).phases[0]).toMatchObject({
      version: 2,
      reviewState: "in_review",
      approvals: [],
    });

    const { db } = server.database;
    const count = await db.orm.$count(db.t.specVersionTable);
    writeFileSync(join(folder, "tasks.md"), "- [ ] 1. A\n  _Depends: 2_\n- [ ] 2. B\n  _Depends: 1_\n");
    const refused = await maestro(["spec", "sync", "audit"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/tasks\.md: dependency cycle: 1 → 2 → 1/);
    expect(await db.orm.$count(db.t.specVersionTable)).toBe(count);

    expect((await maestro(["spec", "edit", "audit", "--phase", "plans", "--file", "x.md"])).code).toBe(2);
    expect((await maestro(["spec", "create", "x"])).code).toBe(2);
  });
});
