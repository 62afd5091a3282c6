#!/usr/bin/env bash
# The start command: installs what is missing, then starts everything on embedded defaults (see tools/start.ts).
set -euo pipefail
cd "$(dirname "$0")/.."
source tools/bootstrap.sh
exec pnpm exec tsx tools/start.ts "$@"
