import { type ChildProcessByStdio, spawn } from "node:child_process";
import type { Writable } from "node:stream";

/**
 * How long agents whose runner died get between SIGTERM and SIGKILL (at most the runner's own
 * grace): no one can store their output or finish their sessions any more, so this is only
 * for them to tidy up, and an orphan must not go on working (and spending) for long.
 */
const LIFELINE_GRACE_MS = 1_000;

/**
 * Reads "+<pgid>:<start>" / "-<pgid>" lines, <start> being the group leader's start time from
 * /proc (or "-", unknown); when its stdin closes (the runner exited, or was killed and the kernel
 * closed the pipe), it stops the groups still listed: SIGTERM and SIGCONT, a grace of $1 seconds,
 * SIGKILL (to the whole group: zombies an init reaps late make "is any left?" unreliable). Builtins
 * only, but for `sleep`: sh costs a shell, not a node.
 *
 * is_ours guards against pid reuse: a group is signalled only while its leader is the process
 * that started at <start>, or is gone — then the group, if any is left, still holds its id, and
 * the kernel gives that number to no new process (nor group) until its last member has ended.
 */
const REAPER_SCRIPT = `
is_ours() {
  [ "$2" = "-" ] && return 0
  [ -r "/proc/$1/stat" ] || return 0
  read -r stat < "/proc/$1/stat" || return 0
  set -- "$1" "$2" \${stat##*) }
  [ "$5" = "$1" ] && [ "\${22}" = "$2" ]
}
ours() {
  left=""
  for e in $1; do is_ours "\${e%%:*}" "\${e#*:}" && left="$left $e"; done
}
signal() {
  for e in $2; do kill -s "$1" -- "-\${e%%:*}" 2>/dev/null; done
}
groups=" "
while read -r line; do
  case "$line" in
    +*) groups="$groups\${line#+} " ;;
    -*) g=\${line#-}
        case "$groups" in *" $g:"*) rest=\${groups#* "$g":}; groups="\${groups%% "$g":*} \${rest#* }" ;; esac ;;
  esac
done
ours "$groups"
[ -z "$left" ] && exit 0
signal TERM "$left"
signal CONT "$left"
sleep "$1" 2>/dev/null || sleep 1
ours "$left"
signal KILL "$left"
`;

export interface AgentReaper {
  /**
   * Stop this process group if the runner dies before it says `forget`. `startTime` is its
   * leader's (startTimeOf, read as it was spawned): null where unknown, then it is not checked.
   */
  watch(pgid: number, startTime: string | null): void;
  /** The group is gone (or stopped by the runner itself): nothing to do for it any more. */
  forget(pgid: number): void;
  /** A runner stopping on purpose (its agents already stopped): the reaper exits. */
  close(): void;
}

/**
 * Agents run in their own process groups, so nothing takes them down with a runner that dies
 * without stopping them (kill -9, OOM): they would run on with no one supervising them. The
 * reaper is a tiny process of its own group that outlives the runner just long enough to stop them.
 */
export function startAgentReaper({ graceMs }: { graceMs: number }): AgentReaper {
  const seconds = (Math.max(100, Math.min(graceMs, LIFELINE_GRACE_MS)) / 1000).toFixed(1);
  const reaper: ChildProcessByStdio<Writable, null, null> = spawn(
    "sh",
    ["-c", REAPER_SCRIPT, "maestro-reaper", seconds],
    // Its own session: a signal to the runner's group (Ctrl-C, kill -9 -<pgid>) does not reach it.
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
    watch: (pgid, startTime) => send(`+${pgid}:${startTime ?? "-"}`),
    forget: (pgid) => send(`-${pgid}`),
    close: () => reaper.stdin.end(),
  };
}
