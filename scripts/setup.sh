#!/usr/bin/env bash
# Installs pnpm, bubblewrap (for sandboxed agents) and the dependencies, and builds the dashboard.
cd "$(dirname "$0")/.."
source scripts/lib.sh
ensure_pnpm
ensure_bubblewrap
install_deps
step "building the dashboard"
pnpm turbo run build --output-logs=errors-only
