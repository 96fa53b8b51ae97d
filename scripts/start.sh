#!/usr/bin/env bash
# `npm start`: everything a new user needs, in one command. Brings up the
# services, migrates, seeds the demo marketplace on first run, builds the
# search index, then runs one API and one worker until Ctrl-C.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
agora() { node scripts/agora.cjs "$@"; }
say() { printf '\n\033[1m[start] %s\033[0m\n' "$*" >&2; }
started=$(date +%s)

# shellcheck source=scripts/node-modules.sh
source scripts/node-modules.sh
ensure_node_modules "$ROOT"

say "services (Elasticsearch, Postgres, Redis)"
eval "$(bash scripts/services.sh up)"
export ELASTICSEARCH_URL DATABASE_URL REDIS_URL

say "database migrations"
agora migrate

say "demo marketplace (seeded once; 'agora seed --reset' starts over)"
agora seed --size demo --if-empty

say "recommendations (skipped when orders and events have not changed)"
agora train

# Popularity and trend before the API first serves (the worker recomputes them every 15 minutes after),
# and the changed documents written now rather than by the worker after start.
say "popularity and trend"
agora index signals
agora index relay

say "search index"
agora reindex --if-missing

say "web pages (npm run build: bundled, minified, content-hashed)"
npx tsx src/web/build.ts >/dev/null

keys="$(agora keys demo)"
# The storefront demo at / is handed the public demo key, the console at /console the merchandiser one
# (development only, the latter to this machine only; see src/web/demo-keys.ts).
export DEMO_PUBLIC_KEY="${DEMO_PUBLIC_KEY:-$(echo "$keys" | awk '$1 == "public" {print $2}')}"
export DEMO_MERCHANDISER_KEY="${DEMO_MERCHANDISER_KEY:-$(echo "$keys" | awk '$1 == "merchandiser" {print $2}')}"
# The demo's "sign-in" hands the page keys for its demo customers, signed with the signing demo key (src/web/demo-keys.ts).
export DEMO_SIGNING_KEY="${DEMO_SIGNING_KEY:-$(echo "$keys" | awk '$1 == "signing" {print $2}')}"
say "ready in $(( $(date +%s) - started ))s"

pids=()
cleanup() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup INT TERM EXIT

# Pretty logs for a person at a terminal; JSON lines otherwise.
if [ -t 1 ] && [ -z "${LOG_FORMAT:-}" ]; then export LOG_FORMAT=pretty; fi
node --import tsx src/cli/api-process.ts &
pids+=($!)
node --import tsx jobs/worker.ts &
pids+=($!)

api="http://${API_HOST:-127.0.0.1}:${API_PORT:-3000}"
for _ in $(seq 1 60); do curl -fsS "$api/healthz" >/dev/null 2>&1 && break; sleep 0.5; done
cat >&2 <<TXT

  Agora is running.
    Storefront     $api/   (a demo of search, facets and recommendations in your browser)
    Console        $api/console   (merchandising: rules, synonyms, weights, preview, analytics)
    API            $api   (health: $api/healthz, readiness: $api/readyz)
    Elasticsearch  $ELASTICSEARCH_URL
    Postgres       $DATABASE_URL
    Redis          $REDIS_URL
  Demo API keys (send as "Authorization: Bearer <key>"):
$(echo "$keys" | sed 's/^/    /')

  Ctrl-C stops the API and worker; 'npm run services:down' stops the services.
TXT
wait
