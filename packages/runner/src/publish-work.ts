import { type DiffFile, MAX_CHANGED_FILES, messageOf } from "@maestro/domain";
import { deliver } from "./deliver";
import { diffFiles, diffPatch, fitDiffReport } from "./diff-report";
import { git } from "./git";
import type { SessionState } from "./held-session";
import { landingApiOf } from "./landing-api";
import { clonePathOf, commitOf, fetchRemote, inClone, pushRemote, remoteRefOf, shownUrl } from "./remote-repo";

const NEVER = new AbortController().signal;

/** What publishing a committed branch came to: the files it changes, or why it failed the session. */
export type Published = { files: string[] | undefined } | { error: string };

/**
 * In a project whose repository is elsewhere, a branch only on this machine is lost to review,
 * landing and follow-ups elsewhere: it is pushed (a failure fails the session), then its diff
 * against the target is sent to the server, which cannot compute it.
 */
export async function publishWork(
  state: SessionState,
  { cwd, url, branch, head }: { cwd: string; url: string; branch: string; head: string },
): Promise<Published> {
  const pushed = await pushRemote(cwd, url, ["--end-of-options", url, `+${head}:refs/heads/${branch}`]);
  if (pushed.kind !== "pushed") {
    return { error: `the agent succeeded, but git push of ${branch} to ${shownUrl(url)} failed: ${pushed.reason}` };
  }
  state.batcher?.note(`[maestro] pushed ${branch} (${head.slice(0, 12)}) to ${shownUrl(url)}`);
  try {
    const base = await mergeBaseWithTarget(state, { url, head });
    if (!base) return { files: undefined };
    const files = await diffFiles(cwd, base, head);
    await sendDiff(state, { cwd, base, head, files });
    return { files: changedPathsOf(files) };
  } catch (error) {
    state.deps.log(`${state.label}: could not report its diff: ${messageOf(error)}`);
    return { files: undefined };
  }
}

/** Where the branch leaves the target now (fetched again: it may have moved since the branch was cut). */
async function mergeBaseWithTarget(state: SessionState, { url, head }: { url: string; head: string }) {
  const { claim } = state;
  const clone = clonePathOf(state.deps.launch.home, claim.session.projectId);
  const target = remoteRefOf(claim.landing?.targetBranch ?? null);
  await inClone(clone, () => fetchRemote(clone, url, [target.refspec])).catch((error: unknown) =>
    state.deps.log(
      `${state.label}: could not fetch the target again, diffing against the last fetched: ${messageOf(error)}`,
    ),
  );
  const tip = await commitOf(clone, target.ref);
  if (!tip) return claim.landing?.baseCommit ?? null;
  const found = await git(clone, ["merge-base", "--end-of-options", tip, head], { allowFailure: true });
  return found.code === 0 ? found.stdout.trim() : null;
}

async function sendDiff(
  state: SessionState,
  { cwd, base, head, files }: { cwd: string; base: string; head: string; files: DiffFile[] },
): Promise<void> {
  const { patch, isTruncated } = await diffPatch(cwd, { base, head });
  const api = state.deps.landing ?? landingApiOf(state.deps.client);
  const input = fitDiffReport({ ...state.ids, base, head, files, patch, isTruncated });
  const { log, giveUp = NEVER } = state.deps;
  // Review needs it as much as the finish: kept until heard, like the session's end.
  await deliver((signal) => api.reportDiff(input, { signal }), { what: "its diff", label: state.label, log, giveUp });
}

/** The paths a finish reports: both sides of a rename, as `--no-renames` would list them. */
function changedPathsOf(files: DiffFile[]): string[] {
  return files
    .flatMap((file) => (file.status === "renamed" && file.oldPath ? [file.oldPath, file.path] : [file.path]))
    .slice(0, MAX_CHANGED_FILES);
}
