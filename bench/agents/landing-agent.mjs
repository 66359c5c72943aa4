#!/usr/bin/env node
// L1's fake agent: writes one new file in its worktree (left uncommitted, as many agents do),
// then notes the wall-clock time it exits at in <argv[2]>/<task id> and exits 0.
import { writeFileSync } from "node:fs";
import { join } from "node:path";

const taskId = process.env.MAESTRO_TASK_ID ?? "unknown";
writeFileSync(`work-${taskId}.txt`, `${taskId}\n`);
writeFileSync(join(process.argv[2], taskId), String(Date.now()));
