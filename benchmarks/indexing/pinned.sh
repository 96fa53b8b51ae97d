#!/usr/bin/env bash
# The reindex benchmark with Elasticsearch and the indexer on separate cores:
# Elasticsearch (every thread) on CPU 0; Postgres, the benchmark and the
# reindex child it spawns on CPU 1. Both the raw _bulk rounds and Agora's
# rounds run under the same pinning, so the ratio says how much of
# Elasticsearch's ingest rate Agora's pipeline keeps when document building
# does not take CPU from Elasticsearch (as on a host where it has cores of
# its own). Affinities are restored on exit. Arguments go to reindex.ts.
#
#   bash benchmarks/indexing/pinned.sh --schema bench_100k --rounds 3 --skip-lag
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
RUN="$ROOT/.agora/run"
cores=$(nproc)
[ "$cores" -ge 2 ] || { echo "pinned.sh needs at least 2 CPUs, this machine has $cores" >&2; exit 2; }
es_pid=$(cat "$RUN/elasticsearch.pid" 2>/dev/null) || { echo "no $RUN/elasticsearch.pid: run bash scripts/services.sh up" >&2; exit 2; }
pg_pids=$(pgrep -x postgres | tr '\n' ' ')
all="0-$((cores - 1))"

pin() { # pin CPU-LIST PID...: every thread of each process
  local cpus=$1; shift
  for pid in "$@"; do taskset -a -pc "$cpus" "$pid" >/dev/null 2>&1 || true; done
}
restore() {
  pin "$all" "$es_pid" $(pgrep -x postgres | tr '\n' ' ')
  echo "[pinned] affinities restored to CPUs $all" >&2
}
trap restore EXIT

pin 0 "$es_pid"
# New Postgres backends fork from the postmaster and inherit its CPU set.
pin 1 $pg_pids
echo "[pinned] Elasticsearch (pid $es_pid) on CPU 0; Postgres and the benchmark on CPU 1" >&2
cd "$ROOT"
taskset -c 1 npx tsx benchmarks/indexing/reindex.ts "$@"
