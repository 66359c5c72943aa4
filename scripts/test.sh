#!/usr/bin/env bash
# `npm test`: the whole suite (typecheck, lint, unit and integration tests, Playwright e2e).
cd "$(dirname "$0")/.."
source scripts/lib.sh
ensure_pnpm
install_deps
ensure_chromium
step "typecheck"
pnpm turbo run typecheck --output-logs=errors-only
step "lint"
pnpm lint
step "unit and integration tests"
pnpm turbo run test --concurrency=1 --output-logs=full
step "end-to-end tests (Playwright, Debian chromium)"
pnpm turbo run e2e --output-logs=full
