#!/usr/bin/env bash
# Installs the node modules with `npm ci` when they are missing or older than package-lock.json,
# so `npm start` and `npm test` are the only two commands a fresh clone needs (npm runs those two
# scripts without any module installed: they are bash). Sourced by scripts/start.sh and
# scripts/test.sh; `bash scripts/node-modules.sh` runs the check alone.
#
# npm ci writes node_modules/.package-lock.json last, so its absence means no complete install and
# a package-lock.json newer than it means the lock changed since (a pull, a branch switch).

ensure_node_modules() { # ensure_node_modules ROOT
  local root="$1" installed="$1/node_modules/.package-lock.json" reason=""
  if [ ! -d "$root/node_modules" ]; then
    reason="no node_modules"
  elif [ ! -f "$installed" ]; then
    reason="node_modules holds no complete install"
  elif [ "$root/package-lock.json" -nt "$installed" ]; then
    reason="package-lock.json changed since the last install"
  else
    return 0
  fi
  echo "[modules] $reason: npm ci" >&2
  (cd "$root" && npm ci --no-audit --no-fund) >&2 || { echo "[modules] npm ci failed" >&2; return 1; }
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  ensure_node_modules "$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
fi
