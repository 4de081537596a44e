#!/usr/bin/env bash
# Installs what kites needs, only when it is missing: npm packages (and the compiled CLI) always;
# Debian packages (runc, CNI plugins, nftables, etcd for the test suite…) when running as root.
# Usage: scripts/setup.sh [--test]   (--test adds what only the test suite needs)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

say() { printf '\033[1mkites setup:\033[0m %s\n' "$*" >&2; }

packages=(runc containernetworking-plugins nftables iproute2 attr busybox-static)
[ "${1:-}" = "--test" ] && packages+=(etcd-server etcd-client python3-kubernetes docker-registry skopeo)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "installing Debian packages: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    say "missing Debian packages: ${missing[*]} — install them with: sudo apt-get install -y ${missing[*]}"
  fi
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm packages (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
elif [ ! -f dist/cli/main.js ] || [ -n "$(find src -name '*.ts' -newer dist/cli/main.js -print -quit)" ]; then
  say "compiling (npm run build)"
  npm run --silent build
fi
