#!/usr/bin/env bash
# `npm start`: everything a new user needs, in one command. Brings up the
# services, migrates, seeds the demo marketplace on first run, builds the
# search index, then runs the API and worker processes until Ctrl-C.
#
#   AGORA_API_PROCESSES (1)     API processes, on consecutive ports from API_PORT (3000, 3001, ...), and
#                               from METRICS_PORT when that is set: put a load balancer in front
#   AGORA_WORKER_PROCESSES (1)  worker processes; Bull hands each job to one of them
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
api_processes="${AGORA_API_PROCESSES:-1}"
worker_processes="${AGORA_WORKER_PROCESSES:-1}"
for n in "$api_processes" "$worker_processes"; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "[start] AGORA_API_PROCESSES and AGORA_WORKER_PROCESSES must be whole numbers >= 1 (got '$n')" >&2; exit 1; }
done
api_port="${API_PORT:-3000}"
for ((i = 0; i < api_processes; i++)); do
  # A metrics endpoint (METRICS_PORT, when set) is per process too: consecutive ports as well.
  metrics_port="${METRICS_PORT:-0}"
  [ "$metrics_port" -eq 0 ] || metrics_port=$((metrics_port + i))
  API_PORT=$((api_port + i)) METRICS_PORT="$metrics_port" node --import tsx src/cli/api-process.ts &
  pids+=($!)
done
for ((i = 0; i < worker_processes; i++)); do
  node --import tsx jobs/worker.ts &
  pids+=($!)
done

api="http://${API_HOST:-127.0.0.1}:$api_port"
for ((i = 0; i < api_processes; i++)); do
  for _ in $(seq 1 60); do curl -fsS "http://${API_HOST:-127.0.0.1}:$((api_port + i))/healthz" >/dev/null 2>&1 && break; sleep 0.5; done
done
[ "$api_processes" -eq 1 ] || api_more="   ($api_processes API processes, ports $api_port-$((api_port + api_processes - 1)))"
cat >&2 <<TXT

  Agora is running.
    Storefront     $api/   (a demo of search, facets and recommendations in your browser)
    Console        $api/console   (merchandising: rules, synonyms, weights, preview, analytics)
    API            $api   (health: $api/healthz, readiness: $api/readyz)${api_more:-}
    Workers        $worker_processes
    Elasticsearch  $ELASTICSEARCH_URL
    Postgres       $DATABASE_URL
    Redis          $REDIS_URL
  Demo API keys (send as "Authorization: Bearer <key>"):
$(echo "$keys" | sed 's/^/    /')

  Ctrl-C stops the API and worker processes; 'npm run services:down' stops the services.
TXT
wait
