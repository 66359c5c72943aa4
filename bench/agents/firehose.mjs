#!/usr/bin/env node
// P5's fake agent: writes argv[2] numbered lines of 100 bytes as fast as the pipe takes them.
import { once } from "node:events";

const total = Number(process.argv[2] ?? 500_000);
const line = (i) => `line ${String(i).padStart(9, "0")} ${"x".repeat(84)}\n`;
for (let i = 0; i < total; i += 2_000) {
  let block = "";
  for (let j = i; j < Math.min(total, i + 2_000); j++) block += line(j);
  if (!process.stdout.write(block)) await once(process.stdout, "drain");
}
