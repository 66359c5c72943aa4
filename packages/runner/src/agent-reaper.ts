import { type ChildProcessByStdio, spawn } from "node:child_process";
import type { Writable } from "node:stream";

/**
 * Reads "+<pgid>" / "-<pgid>" lines ("=" forgets them all); when its stdin closes (the runner
 * exited, or was killed with kill -9 and the kernel closed the pipe), it stops the groups still
 * listed: SIGTERM, a grace of $1 seconds, SIGKILL. sh, so it costs a shell rather than a node.
 */
const REAPER_SCRIPT = `
groups=" "
while read -r line; do
  case "$line" in
    +*) groups="$groups\${line#+} " ;;
    -*) groups=$(printf '%s' "$groups" | sed "s/ \${line#-} / /") ;;
    =) groups=" " ;;
  esac
done
[ "$groups" = " " ] && exit 0
for g in $groups; do kill -s TERM -- "-$g" 2>/dev/null; done
sleep "$1"
for g in $groups; do kill -s KILL -- "-$g" 2>/dev/null; done
`;

export interface AgentReaper {
  /** Stop this process group if the runner dies before it says `forget`. */
  watch(pgid: number): void;
  /** The group is gone (or stopped by the runner itself): nothing to do for it any more. */
  forget(pgid: number): void;
  /** A runner stopping on purpose (its agents already stopped): the reaper exits. */
  close(): void;
  /** The runner leaves its agents to someone else (the next server): the reaper exits and stops nothing. */
  abandon(): void;
}

/**
 * Agents run in their own process groups, so nothing takes them down with a runner that dies
 * without stopping them (kill -9, OOM): they would run on with no one supervising them. The
 * reaper is a tiny process of its own group that outlives the runner just long enough to stop them.
 */
export function startAgentReaper({ graceMs }: { graceMs: number }): AgentReaper {
  const reaper: ChildProcessByStdio<Writable, null, null> = spawn(
    "sh",
    ["-c", REAPER_SCRIPT, "maestro-reaper", String(Math.ceil(graceMs / 1000))],
    { detached: true, stdio: ["pipe", "ignore", "ignore"] },
  );
  reaper.unref();
  // A reaper that failed to start or died must not take the runner with it.
  reaper.on("error", () => {});
  reaper.stdin.on("error", () => {});
  const send = (line: string) => {
    if (reaper.stdin.writable) reaper.stdin.write(`${line}\n`);
  };
  return {
    watch: (pgid) => send(`+${pgid}`),
    forget: (pgid) => send(`-${pgid}`),
    close: () => reaper.stdin.end(),
    abandon: () => reaper.stdin.end("=\n"),
  };
}
