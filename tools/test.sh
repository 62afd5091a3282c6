#!/usr/bin/env bash
# The test command: installs what is missing, then lint, typecheck, builds and every test suite (see tools/test.ts).
set -euo pipefail
cd "$(dirname "$0")/.."
source tools/bootstrap.sh
exec pnpm exec tsx tools/test.ts "$@"
