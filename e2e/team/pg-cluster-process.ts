// Run as `node --import tsx team/pg-cluster-process.ts` by team-setup.ts: @maestro/db loads only
// through tsx (its domain package imports what Node's own resolver does not find), not in
// Playwright's loader. Starts a throw-away PostgreSQL cluster, makes the team's database, prints
// one JSON line with its URL, and stops the cluster (removing its folder) when told to (SIGTERM,
// SIGINT) or when its parent goes away (stdin closes).
import { startPgCluster } from "@maestro/db";

const cluster = await startPgCluster();
const databaseUrl = await cluster.createDatabase("maestro_team");
process.stdout.write(`${JSON.stringify({ databaseUrl })}\n`);

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await cluster.stop();
  process.exit(0);
}
process.once("SIGTERM", () => void stop());
process.once("SIGINT", () => void stop());
process.stdin.on("end", () => void stop());
process.stdin.resume();
