#!/usr/bin/env node
// C1's fake agent: hands the bench what an agent's `maestro` calls run with (its session's URL,
// token and id, written as JSON to argv[2]), then stays in its session until it is stopped.
import { writeFileSync } from "node:fs";

const { MAESTRO_URL, MAESTRO_TOKEN, MAESTRO_SESSION_ID } = process.env;
writeFileSync(process.argv[2], JSON.stringify({ MAESTRO_URL, MAESTRO_TOKEN, MAESTRO_SESSION_ID }));
const stop = () => process.exit(0);
process.once("SIGTERM", stop);
process.once("SIGINT", stop);
setTimeout(stop, Number(process.argv[3] ?? 300_000));
