#!/usr/bin/env node
// P4's fake agent: after a short pause (so the subscriber is listening), prints argv[2] lines,
// one every argv[3] ms, each carrying the wall-clock time it was written (µs precision).
const lines = Number(process.argv[2] ?? 200);
const intervalMs = Number(process.argv[3] ?? 20);
const now = () => (performance.timeOrigin + performance.now()).toFixed(3);

await new Promise((resolve) => setTimeout(resolve, Number(process.argv[4] ?? 500)));
for (let i = 0; i < lines; i++) {
  process.stdout.write(`tick ${i} ${now()}\n`);
  await new Promise((resolve) => setTimeout(resolve, intervalMs));
}
