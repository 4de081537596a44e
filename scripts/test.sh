#!/usr/bin/env bash
# The whole test suite on a fresh machine: installs what is missing, then runs `npm test`.
# Extra arguments are passed on as file filters, e.g. scripts/test.sh storage
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$root/scripts/setup.sh" --test
cd "$root"
if [ $# -gt 0 ]; then
  npm run --silent typecheck && node scripts/run-tests.mjs "$@"
else
  npm test
fi
