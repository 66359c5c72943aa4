#!/usr/bin/env bash
# `npm start`: set everything up, then run Maestro (server + dashboard + embedded runner)
# at http://127.0.0.1:4700 with its data in ~/.maestro. Extra arguments go to `maestro serve`.
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec node packages/cli/bin/maestro.js serve "$@"
