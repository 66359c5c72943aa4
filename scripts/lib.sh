# Shared by setup.sh, start.sh and test.sh: make a fresh Debian machine with Node 20 ready.
set -euo pipefail
export TURBO_TELEMETRY_DISABLED=1
export npm_config_nodedir="${npm_config_nodedir:-/usr}"
PNPM_VERSION=10.34.9

step() { printf '\033[1m▸ %s\033[0m\n' "$*"; }

ensure_pnpm() {
  if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version 2>/dev/null)" != "$PNPM_VERSION" ]; then
    step "installing pnpm $PNPM_VERSION"
    npm install --global --no-fund --no-audit "pnpm@$PNPM_VERSION" >/dev/null
  fi
}

install_deps() {
  step "installing dependencies (the first time builds better-sqlite3, ~2 min)"
  # pnpm's output streams through unfiltered but for blank and progress lines; the pipeline's status
  # is pnpm's (pipefail, and the filter never fails), so a failed install stops here, its errors shown.
  if ! pnpm install --frozen-lockfile --reporter=append-only 2>&1 | { grep --line-buffered -vE '^\s*$|Progress' || true; }; then
    echo "pnpm install failed (its output is above)" >&2
    exit 1
  fi
}

ensure_chromium() {
  if [ -x /usr/bin/chromium ]; then return; fi
  step "installing Debian's chromium for the end-to-end tests"
  local sudo=""
  if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
}

# Agent profiles with `sandbox: bwrap` run under Debian's bubblewrap; without it they fail to start.
ensure_bubblewrap() {
  if command -v bwrap >/dev/null 2>&1; then return; fi
  step "installing Debian's bubblewrap for sandboxed agents"
  local sudo=""
  if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq bubblewrap >/dev/null
}

# The PostgreSQL tests start throw-away clusters (packages/db/src/testing/pg-cluster.ts) with
# Debian's server programs, under /usr/lib/postgresql/<version>/bin; without them they fail.
ensure_postgresql() {
  if compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then return; fi
  step "installing Debian's postgresql for the PostgreSQL tests"
  local sudo=""
  if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql >/dev/null
}
