#!/usr/bin/env bash
# `npm run lint` (and the lint step of `npm test`): ESLint, the import table of ARCHITECTURE.md and
# Prettier's format check. All three always run, so one tool's findings never hide another's.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
status=0
npx eslint . || status=1
node scripts/check-imports.mjs || status=1
npx prettier --check . || status=1
exit "$status"
