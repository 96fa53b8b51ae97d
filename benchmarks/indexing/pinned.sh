#!/usr/bin/env bash
# The reindex benchmark with Elasticsearch and the indexer on separate cores:
# Elasticsearch (every thread) on CPU 0; Postgres (the postmaster and its
# backends), the benchmark and the reindex child it spawns on CPU 1. The raw
# _bulk rounds and Agora's rounds run under the same pinning, so the ratio
# says how much of Elasticsearch's ingest rate Agora's pipeline keeps when
# building documents does not take CPU from Elasticsearch (as on a host where
# it has cores of its own). On exit every pinned process is allowed all CPUs
# again. Arguments go to reindex.ts.
#
#   bash benchmarks/indexing/pinned.sh --schema bench_100k --rounds 3 --skip-lag
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
RUN="$ROOT/.agora/run"
cores=$(nproc)
[ "$cores" -ge 2 ] || { echo "pinned.sh needs at least 2 CPUs, this machine has $cores" >&2; exit 2; }
es_pid=$(cat "$RUN/elasticsearch.pid" 2>/dev/null) || { echo "no $RUN/elasticsearch.pid: run bash scripts/services.sh up" >&2; exit 2; }
pg_pid=$(cat "$RUN/postgres.pid" 2>/dev/null) || { echo "no $RUN/postgres.pid: run bash scripts/services.sh up" >&2; exit 2; }
postgres() { echo "$pg_pid" $(pgrep -P "$pg_pid" || true); }
all="0-$((cores - 1))"

pin() { # pin CPU-LIST PID...: every thread of each process, checked
  local cpus=$1; shift
  for pid in "$@"; do
    taskset -a -pc "$cpus" "$pid" >/dev/null || { echo "[pinned] could not pin pid $pid to CPU $cpus" >&2; return 1; }
  done
}
release() {
  pin "$all" "$es_pid" $(postgres) || true
  echo "[pinned] Elasticsearch and Postgres allowed CPUs $all again" >&2
}
trap release EXIT

pin 0 "$es_pid"
# New backends fork from the postmaster and inherit its CPU set.
pin 1 $(postgres)
echo "[pinned] Elasticsearch (pid $es_pid) on CPU 0: $(taskset -pc "$es_pid" | sed 's/.*: //'); Postgres (pid $pg_pid) and the benchmark on CPU 1" >&2
cd "$ROOT"
taskset -c 1 npx tsx benchmarks/indexing/reindex.ts "$@"
