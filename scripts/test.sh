#!/usr/bin/env bash
# `npm test`: the whole suite (typecheck, lint, unit and integration tests, Playwright e2e).
cd "$(dirname "$0")/.."
source scripts/lib.sh
ensure_pnpm
install_deps
ensure_chromium
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
step "typecheck"
pnpm turbo run typecheck --output-logs=errors-only
step "lint"
pnpm lint
step "unit and integration tests"
pnpm turbo run test --concurrency=1 --output-logs=full | tee -a "$log"
step "end-to-end tests (Playwright, Debian chromium)"
pnpm turbo run e2e --output-logs=full | tee -a "$log"
# One closing line for the whole suite, summed over vitest's and Playwright's summaries.
sed 's/\x1b\[[0-9;]*m//g' "$log" | awk '
  /Tests +[0-9]+ (passed|failed)/ { for (i = 1; i < NF; i++) { if ($(i+1) ~ /^passed/) p += $i; if ($(i+1) ~ /^failed/) f += $i } }
  /^[^ ]* +[0-9]+ passed \(/ && !/Tests/ { for (i = 1; i < NF; i++) if ($(i+1) == "passed") p += $i }
  /^[^ ]* +[0-9]+ failed$/ { for (i = 1; i < NF; i++) if ($(i+1) == "failed") f += $i }
  END { printf "%d passed, %d failed\n", p, f }'
