/** The one place the benchmarks read process.env: knobs for a run, each with its default. */
const env = process.env;
const numberOr = (value: string | undefined, fallback: number) => (value ? Number(value) : fallback);

export const benchEnv = {
  /** Where `pnpm bench` was typed (pnpm runs the script in bench/): relative paths given to it start there. */
  invokedFrom: env.INIT_CWD ?? process.cwd(),
  /** Where serve-child keeps its data (default: a fresh temporary folder). */
  home: env.BENCH_HOME,
  /** serve-child on this PostgreSQL database instead of its home's SQLite file (the team benches). */
  databaseUrl: env.BENCH_DATABASE_URL,
  /** serve-child's owner and runners' tokens (the same on every instance sharing a database). */
  token: env.BENCH_TOKEN,
  runnerToken: env.BENCH_RUNNER_TOKEN,
  /** T3: the big project's size (default 1,000,000; the seed takes a minute or two per engine). */
  t3: { tasks: numberOr(env.BENCH_T3_TASKS, 1_000_000) },
  /** P10's browser: Debian's chromium, as e2e/ uses it (playwright cannot download its own here). */
  chromiumPath: env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  /** Write a CPU profile of each server to this folder (open it in Chrome DevTools). */
  profileDir: env.BENCH_PROFILE_DIR,
  p4: {
    lines: numberOr(env.BENCH_P4_LINES, 200),
    intervalMs: numberOr(env.BENCH_P4_INTERVAL_MS, 20),
    runs: numberOr(env.BENCH_P4_RUNS, 3),
  },
  /** C1: CLI calls timed per command (after 2 warm-up calls). */
  c1: { runs: numberOr(env.BENCH_C1_RUNS, 20) },
  p5: { megabytes: numberOr(env.BENCH_P5_MB, 50), sessions: numberOr(env.BENCH_P5_SESSIONS, 8) },
  /** A custom P6 graph: that many chains, each that deep (both unset: the standard scenarios). */
  p6: {
    chains: env.BENCH_P6_CHAINS ? Number(env.BENCH_P6_CHAINS) : undefined,
    depth: env.BENCH_P6_DEPTH ? Number(env.BENCH_P6_DEPTH) : undefined,
  },
};

/** The environment a server process under test starts with: this one, plus `extra`. */
export function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...env, ...extra };
}
