#!/usr/bin/env node
// L1's fake agent: writes one new file in its worktree (left uncommitted, as many agents do),
// then notes the wall-clock time it exits at in <argv[2]>/<worktree folder name> and exits 0.
import { writeFileSync } from "node:fs";
import { basename, join } from "node:path";

const name = basename(process.cwd());
writeFileSync(`work-${name}.txt`, `${name}\n`);
writeFileSync(join(process.argv[2], name), String(Date.now()));
