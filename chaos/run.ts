// `pnpm chaos [--quick] [r1 r2a …]`: tries every reliability promise (docs/reliability.md)
// against real processes and prints promise, trials, failures and the worst case seen; exits 1
// when any trial broke its promise. `--quick` (inside `npm test`) runs a few trials of each.
import Table from "cli-table3";
import type { ChaosPromise, PromiseOutcome } from "./promise";
import { runPromise } from "./run-promise";
import { r1ServerKill } from "./r1-server-kill";
import { r1dDiskFull } from "./r1d-disk-full";
import { r2sServerKillAgents } from "./r2s-server-kill-agents";
import { r2rRunnerKillAgents } from "./r2r-runner-kill-agents";
import { r3AgentSignals } from "./r3-agent-signals";
import { r4Drops } from "./r4-websocket-drops";
import { r4mSlowSubscriber } from "./r4m-slow-subscriber";
import { r5Fuzz } from "./r5-fuzz";
import { r6GracefulShutdown } from "./r6-graceful-shutdown";
import { r7OpenDoor } from "./r7-open-door";

/** Every promise, in the order of the targets. */
const PROMISES: ChaosPromise[] = [
  r1ServerKill,
  r1dDiskFull,
  r2sServerKillAgents,
  r2rRunnerKillAgents,
  r3AgentSignals,
  r4Drops,
  r4mSlowSubscriber,
  r5Fuzz,
  r6GracefulShutdown,
  r7OpenDoor,
];

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const selected = args.filter((arg) => arg !== "--quick").map((arg) => arg.toLowerCase());
const unknown = selected.filter((id) => !PROMISES.some((chaos) => chaos.id.toLowerCase() === id));
if (unknown.length > 0) {
  console.error(`unknown promise ${unknown.join(", ")}; choose from ${PROMISES.map((c) => c.id).join(" ")}`);
  process.exit(2);
}
const chosen = selected.length ? PROMISES.filter((chaos) => selected.includes(chaos.id.toLowerCase())) : PROMISES;

const outcomes: PromiseOutcome[] = [];
for (const chaos of chosen) {
  const started = performance.now();
  console.error(`${chaos.id}: ${chaos.promise}…`);
  const outcome = await runPromise(chaos, { quick });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.error(`${chaos.id}: ${outcome.trials} trials, ${outcome.failures} failed (${seconds} s)`);
  outcomes.push(outcome);
}

const table = new Table({ head: ["", "promise", "trials", "failures", "worst case seen"] });
for (const outcome of outcomes) {
  table.push([outcome.id, outcome.promise, outcome.trials, outcome.failures, outcome.worst]);
}
console.log(table.toString());
const broken = outcomes.filter((outcome) => outcome.failures > 0);
for (const outcome of broken) {
  for (const why of outcome.failuresSeen) console.log(`${outcome.id} ${why}`);
}
process.exit(broken.length > 0 ? 1 : 0);
