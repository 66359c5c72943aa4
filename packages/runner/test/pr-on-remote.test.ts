import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { LandJob } from "@maestro/domain";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { clonePathOf } from "../src/remote-repo";
import { checkPrOnRemote, openPrOnRemote } from "../src/pr-on-remote";
import { type RemoteWorld, createRemoteWorld, git } from "./remote-git";

// PR mode for a repository elsewhere: the runner opens and follows the pull request with its own
// gh (a fake one here, on PATH), or says how to open it by hand; without gh, git decides "merged".

const FAKE_GH_DIR = join(dirname(fileURLToPath(import.meta.url)), "fixtures", "fake-gh");
const FORGE_URL = "https://github.com/acme/widgets.git";
const BRANCH = "maestro/T-1-1";
let world: RemoteWorld;
let ghState: string;
/** A PATH holding git and nothing else: no gh. */
let gitOnly: string;

beforeEach(() => {
  world = createRemoteWorld();
  ghState = mkdtempSync(join(tmpdir(), "maestro-gh-"));
  gitOnly = join(ghState, "git-only");
  mkdirSync(gitOnly);
  symlinkSync(realGit(), join(gitOnly, "git"));
  vi.stubEnv("GH_CONFIG_DIR", ghState);
  vi.stubEnv("PATH", `${FAKE_GH_DIR}:${process.env.PATH ?? ""}`);
});
afterEach(() => {
  vi.unstubAllEnvs();
  world.close();
  rmSync(ghState, { recursive: true, force: true });
});

/** The git on the tests' PATH. */
function realGit(): string {
  const dirs = (process.env.PATH ?? "").split(delimiter).filter(Boolean);
  const found = dirs.map((dir) => join(dir, "git")).find((path) => existsSync(path));
  if (!found) throw new Error("no git on PATH");
  return found;
}

function jobFor(overrides: Partial<LandJob> = {}): LandJob {
  return {
    ...{ jobId: "j1", lease: 1, projectId: "p", taskId: "t1", taskKey: "T-1", taskTitle: "Do it" },
    ...{ repositoryUrl: FORGE_URL, targetBranch: "main", branch: BRANCH, head: "0".repeat(40), strategy: "merge" },
    landingCommit: null,
    ...overrides,
  };
}

const readState = (name: string) => readFileSync(join(ghState, name), "utf8").trim();

describe("opening the pull request", () => {
  it("runs gh pr create with the repository, base, head, title and body as argv, in the runner's clone", async () => {
    const body = "Make it so.\n\n_Opened by Maestro for T-1._ $(touch pwned)";
    const outcome = await openPrOnRemote(jobFor({ mode: "open_pr", prTitle: "T-1 Do it", prBody: body }), {
      home: world.home,
    });
    expect(outcome).toEqual({ kind: "pr_open", prUrl: "https://github.com/acme/widgets/pull/7", note: null });
    expect(readState("create.args").split("\n")).toEqual([
      ...["--repo", "github.com/acme/widgets", "--base", "main", "--head", BRANCH],
      ...["--title=T-1 Do it", "--body=Make it so.", "", "_Opened by Maestro for T-1._ $(touch pwned)"],
    ]);
    expect(readState("create.cwd")).toBe(clonePathOf(world.home, "p"));
    expect(readState("create.env")).toBe("1");
    expect(existsSync(join(clonePathOf(world.home, "p"), "pwned"))).toBe(false);
  });

  it("takes the URL of the PR an earlier attempt opened, which gh names when refusing a second", async () => {
    writeFileSync(join(ghState, "create-exists"), "");
    expect(await openPrOnRemote(jobFor({ mode: "open_pr" }), { home: world.home })).toEqual({
      kind: "pr_open",
      prUrl: "https://github.com/acme/widgets/pull/6",
      note: null,
    });
  });

  it("without gh, or logged out, leaves the PR to open by hand: no URL, a note saying how", async () => {
    vi.stubEnv("PATH", gitOnly);
    const without = await openPrOnRemote(jobFor({ mode: "open_pr" }), { home: world.home });
    expect(without).toMatchObject({ kind: "pr_open", prUrl: null });
    const note = without.kind === "pr_open" ? without.note : null;
    expect(note).toContain("gh is not installed or not logged in");
    expect(note).toContain(`gh pr create --base main --head ${BRANCH}`);
    expect(note).toContain("maestro task land");

    vi.stubEnv("PATH", `${FAKE_GH_DIR}:${process.env.PATH ?? ""}`);
    writeFileSync(join(ghState, "logged-out"), "");
    expect(await openPrOnRemote(jobFor({ mode: "open_pr" }), { home: world.home })).toMatchObject({
      kind: "pr_open",
      prUrl: null,
    });
    expect(() => readState("create.args")).toThrow();
  });

  it("says a repository no forge serves (a path) gets its PR by hand", async () => {
    const outcome = await openPrOnRemote(jobFor({ mode: "open_pr", repositoryUrl: world.remote }), {
      home: world.home,
    });
    expect(outcome).toMatchObject({ kind: "pr_open", prUrl: null });
    expect(outcome.kind === "pr_open" && outcome.note).toContain("cannot name");
  });
});

describe("checking on the pull request", () => {
  const PR = "https://github.com/acme/widgets/pull/7";

  it("asks gh pr view: open stays pr_open, merged lands as the merge commit, closed waits", async () => {
    const job = jobFor({ mode: "check_pr", prUrl: PR });
    expect(await checkPrOnRemote(job, { home: world.home })).toEqual({ kind: "pr_open", prUrl: PR, note: null });
    expect(readState("view.args").split("\n")).toEqual([PR, "--json", "state,mergeCommit"]);
    const merge = "a".repeat(40);
    writeFileSync(join(ghState, "pr-state.json"), JSON.stringify({ state: "MERGED", mergeCommit: { oid: merge } }));
    expect(await checkPrOnRemote(job, { home: world.home })).toEqual({ kind: "landed", commit: merge });
    writeFileSync(join(ghState, "pr-state.json"), JSON.stringify({ state: "CLOSED", mergeCommit: null }));
    expect(await checkPrOnRemote(job, { home: world.home })).toEqual({
      kind: "waiting",
      note: `the pull request ${PR} was closed without merging`,
    });
  });

  it("without gh (or a URL) asks git: merged once the target's tip holds the head", async () => {
    vi.stubEnv("PATH", gitOnly);
    const head = world.push(BRANCH, { "work.txt": "the task's work\n" });
    const job = jobFor({ mode: "check_pr", prUrl: null, repositoryUrl: world.remote, head });
    expect(await checkPrOnRemote(job, { home: world.home })).toEqual({ kind: "pr_open", prUrl: null, note: null });
    // Merged on the forge (here: by a developer), and its branch deleted.
    git(world.developer, "checkout", "-q", "main");
    git(world.developer, "merge", "-q", "--no-ff", "-m", "Merge the PR", head);
    git(world.developer, "push", "-q", world.remote, "main", `:refs/heads/${BRANCH}`);
    const tip = git(world.developer, "rev-parse", "HEAD");
    expect(await checkPrOnRemote(job, { home: world.home })).toEqual({ kind: "landed", commit: tip });
  });

  it("says the check failed, keeping the PR open, when the remote cannot be reached", async () => {
    vi.stubEnv("PATH", gitOnly);
    const job = jobFor({ mode: "check_pr", prUrl: PR, repositoryUrl: join(world.dir, "missing.git") });
    const outcome = await checkPrOnRemote(job, { home: world.home });
    expect(outcome).toMatchObject({ kind: "pr_open", prUrl: PR });
    expect(outcome.kind === "pr_open" && outcome.note).toMatch(/^could not check the pull request: /);
  });
});
