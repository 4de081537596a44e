#!/usr/bin/env bash
# Starts a single-node kites cluster on this machine in the foreground (Ctrl-C stops it), installing
# what is missing first. State lives in .data/server (kept between runs).
# Usage: scripts/up.sh [extra `kites server` flags…]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$root/scripts/setup.sh"
exec "$root/bin/kites" server --data-dir "$root/.data/server" --https-port "${KITES_HTTPS_PORT:-6443}" "$@"
