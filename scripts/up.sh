#!/usr/bin/env bash
# Starts a single-node kites cluster on this machine in the background, installing what is missing
# first (npm packages; as root, Debian's runc, CNI plugins, nftables…), building the demo images and
# importing them into the node. State lives in .data/server (kept between runs; `bin/kites down
# --data-dir .data/server` stops it, `--purge` also deletes it).
# Usage: scripts/up.sh [extra `kites up` flags…]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
data="$root/.data/server"
"$root/scripts/setup.sh"
cd "$root"
if [ ! -f examples/images/out/api-v1.3.tar ]; then
  printf '\033[1mkites:\033[0m building the demo images (npm run images)\n'
  npm run --silent images
fi
printf '\033[1mkites:\033[0m importing the demo images into the node\n'
./bin/kites image import examples/images/out/*.tar --data-dir "$data/agent"
exec ./bin/kites up --data-dir "$data" "$@"
