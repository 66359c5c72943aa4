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
  pnpm install --frozen-lockfile --reporter=append-only | grep -vE '^\s*$|Progress' || true
  test -d node_modules/.pnpm || { echo "pnpm install failed" >&2; exit 1; }
}

ensure_chromium() {
  if [ -x /usr/bin/chromium ]; then return; fi
  step "installing Debian's chromium for the end-to-end tests"
  local sudo=""
  if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
}
