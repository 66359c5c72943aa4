#!/usr/bin/env bash
# `npm start`: set everything up, then run Maestro (server + dashboard + embedded runner)
# at http://127.0.0.1:4700 with its data in ~/.maestro. Extra arguments go to `maestro serve`.
set -euo pipefail
cd "$(dirname "$0")/.."
# A failed set-up stops here: Maestro is not started on a half-installed tree.
bash scripts/setup.sh
exec node packages/cli/bin/maestro.js serve "$@"
