#!/usr/bin/env bash
# `npm test`: the whole suite (typecheck, lint, unit and integration tests, Playwright e2e). Every
# stage runs even when an earlier one failed; a summary at the end names each stage's outcome with
# its test counts, and the script exits non-zero when any stage failed.
cd "$(dirname "$0")/.."
source scripts/lib.sh
ensure_pnpm
install_deps
ensure_chromium
ensure_bubblewrap
ensure_postgresql

logs="$(mktemp -d)"
trap 'rm -rf "$logs"' EXIT
# One "name|passed or failed|counts" entry per stage, in order.
results=()

# Test counts from vitest's "Tests  1 failed | 40 passed (41)" lines, Playwright's closing
# "  12 passed (1.2m)" / "  1 failed" / "  2 flaky" lines and node:test's "ℹ pass 2" (behind
# turbo's "pkg:task: " prefix).
count_tests() {
  sed 's/\x1b\[[0-9;]*m//g' "$1" | awk '
    function add(kind, n) { if (kind ~ /^passed/) p += n; else if (kind ~ /^failed/) f += n;
                            else if (kind ~ /^(skipped|todo)/) s += n; else if (kind ~ /^flaky/) k += n }
    { sub(/^[^ ]+:[^ ]+: /, "") }
    /^ *Tests +[0-9]+ / { for (i = 2; i < NF; i++) if ($i ~ /^[0-9]+$/) add($(i + 1), $i); next }
    /^ +[0-9]+ (passed|failed|flaky|skipped)( |$)/ { add($2, $1) }
    /^ℹ (pass|fail|skipped|todo) [0-9]+$/ { add($2 == "pass" ? "passed" : $2 == "fail" ? "failed" : $2, $3) }
    END {
      if (p + f + s + k == 0) exit
      printf "%d passed, %d failed", p, f
      if (k) printf ", %d flaky", k
      if (s) printf ", %d skipped", s
    }'
}

# Runs one stage with its output shown as it goes, and records how it ended.
run_stage() {
  local name="$1" status=0
  shift
  step "$name"
  local log="$logs/${#results[@]}.log"
  "$@" 2>&1 | tee "$log" || status=$?
  local outcome=passed
  if [ "$status" != 0 ]; then outcome=failed; fi
  results+=("$name|$outcome|$(count_tests "$log")")
}

# --continue: a failing package does not keep the others' tests from running.
run_stage "typecheck" pnpm turbo run typecheck --output-logs=errors-only --continue
run_stage "lint" pnpm lint
run_stage "unit and integration tests" pnpm turbo run test --concurrency=1 --output-logs=full --continue
run_stage "end-to-end tests (Playwright, Debian chromium)" pnpm turbo run e2e --output-logs=full --continue

step "summary"
failed=0
for entry in "${results[@]}"; do
  IFS="|" read -r name outcome counts <<<"$entry"
  if [ "$outcome" = failed ]; then failed=$((failed + 1)); fi
  if [ -n "$counts" ]; then
    printf '  %-6s  %-48s (%s)\n' "$outcome" "$name" "$counts"
  else
    printf '  %-6s  %s\n' "$outcome" "$name"
  fi
done
if [ "$failed" != 0 ]; then
  printf '\033[1;31m%d of %d stages failed\033[0m\n' "$failed" "${#results[@]}"
  exit 1
fi
printf '\033[1;32mall %d stages passed\033[0m\n' "${#results[@]}"
