#!/usr/bin/env bash
# A local multi-node Elasticsearch cluster, for trying replicas and node loss on one machine
# (benchmarks/reliability/es-node-failover.ts). Separate from the single node of scripts/services.sh.
#
#   scripts/es-cluster.sh up        start the nodes that are not running, wait for the cluster, print ELASTICSEARCH_URL
#   scripts/es-cluster.sh down      stop every node (TERM, then KILL after 60 s)
#   scripts/es-cluster.sh status    one line per node; exit 0 only if all are up
#   scripts/es-cluster.sh kill N    kill -9 node N (a crash: no goodbye to the cluster)
#   scripts/es-cluster.sh start N   start node N again (it rejoins with its data)
#
# Environment:
#   AGORA_ES_CLUSTER_NODES (3)  AGORA_ES_CLUSTER_HTTP_BASE (9260: nodes on 9261..)  AGORA_ES_CLUSTER_TRANSPORT_BASE (9360)
#   AGORA_ES_CLUSTER_HEAP (512m)  AGORA_ES_HOME ($ROOT/.agora/es/home, unpacked by `scripts/services.sh up`)
#   AGORA_ES_JAVA_HOME (/usr/lib/jvm/temurin-25-jdk-amd64)  AGORA_SERVICE_USER (agora, when run as root)
#
# State lives under $ROOT/.agora/es-cluster/node-N/{config,data,logs,tmp} (git-ignored); `up` prints
# ELASTICSEARCH_URL=http://127.0.0.1:9261,http://127.0.0.1:9262,... on stdout, progress on stderr.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BASE="$ROOT/.agora/es-cluster"
NODES="${AGORA_ES_CLUSTER_NODES:-3}"
HTTP_BASE="${AGORA_ES_CLUSTER_HTTP_BASE:-9260}"
TRANSPORT_BASE="${AGORA_ES_CLUSTER_TRANSPORT_BASE:-9360}"
HEAP="${AGORA_ES_CLUSTER_HEAP:-512m}"
ES_HOME="${AGORA_ES_HOME:-$ROOT/.agora/es/home}"
JAVA_DIR="${AGORA_ES_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
SVC_USER="${AGORA_SERVICE_USER:-agora}"
TIMEOUT=180

log() { echo "[es-cluster] $*" >&2; }
die() { echo "[es-cluster] ERROR: $*" >&2; exit 1; }

IS_ROOT=0
[ "$(id -u)" -eq 0 ] && IS_ROOT=1
[ "$IS_ROOT" -eq 1 ] || SVC_USER="$(id -un)"
as_svc() { if [ "$IS_ROOT" -eq 1 ]; then runuser -u "$SVC_USER" -- "$@"; else "$@"; fi; }

http_port() { echo $((HTTP_BASE + $1)); }
transport_port() { echo $((TRANSPORT_BASE + $1)); }
node_dir() { echo "$BASE/node-$1"; }
pidfile() { echo "$BASE/node-$1.pid"; }
urls() {
  local i out=""
  for i in $(seq 1 "$NODES"); do out+="${out:+,}http://127.0.0.1:$(http_port "$i")"; done
  echo "$out"
}

# Pid of node N if its process is alive and is Elasticsearch; else empty.
live_pid() {
  local f pid
  f="$(pidfile "$1")"
  [ -s "$f" ] || return 0
  pid="$(head -n1 "$f" | tr -dc 0-9)"
  [ -n "$pid" ] && grep -qaF org.elasticsearch "/proc/$pid/cmdline" 2>/dev/null && echo "$pid" || true
}
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

configure() { # configure N: the node's own config directory, rewritten on every start
  local n="$1" dir seeds masters i
  dir="$(node_dir "$n")"
  mkdir -p "$dir"/{config,data,logs,tmp}
  seeds="" masters=""
  for i in $(seq 1 "$NODES"); do
    seeds+="${seeds:+, }\"127.0.0.1:$(transport_port "$i")\""
    masters+="${masters:+, }\"agora-cluster-$i\""
  done
  cp "$ES_HOME/config/jvm.options" "$ES_HOME/config/log4j2.properties" "$dir/config/"
  mkdir -p "$dir/config/jvm.options.d"
  printf '%s\n' "-XX:HeapDumpPath=$dir/logs" "-Xms$HEAP" "-Xmx$HEAP" >"$dir/config/jvm.options.d/agora.options"
  cat >"$dir/config/elasticsearch.yml" <<YML
# Written by scripts/es-cluster.sh (rewritten on every start).
cluster.name: agora-cluster
node.name: agora-cluster-$n
network.host: 127.0.0.1
http.port: $(http_port "$n")
transport.port: $(transport_port "$n")
discovery.seed_hosts: [$seeds]
cluster.initial_master_nodes: [$masters]
path.data: $dir/data
path.logs: $dir/logs
xpack.security.enabled: false
cluster.routing.allocation.disk.threshold_enabled: false
YML
  [ "$IS_ROOT" -eq 0 ] || chown -R "$SVC_USER:" "$dir"
}

start_node() { # start_node N
  local n="$1" dir
  dir="$(node_dir "$n")"
  if [ -n "$(live_pid "$n")" ]; then log "node $n: already running (pid $(live_pid "$n"))"; return 0; fi
  port_open "$(http_port "$n")" && die "node $n: port $(http_port "$n") is in use by a process this script did not start"
  [ -f "$ES_HOME/bin/elasticsearch" ] || die "no Elasticsearch at $ES_HOME: run 'bash scripts/services.sh up' once (it unpacks it) or set AGORA_ES_HOME"
  [ -x "$JAVA_DIR/bin/java" ] || die "Elasticsearch 9 needs Java 21+ at $JAVA_DIR (set AGORA_ES_JAVA_HOME)"
  mkdir -p "$BASE"
  [ "$IS_ROOT" -eq 0 ] || chown "$SVC_USER:" "$BASE"
  configure "$n"
  log "node $n: starting on http $(http_port "$n"), transport $(transport_port "$n"), heap $HEAP"
  (cd "$dir/logs" && as_svc env ES_JAVA_HOME="$JAVA_DIR" ES_TMPDIR="$dir/tmp" ES_PATH_CONF="$dir/config" HOME="$dir" \
    "$ES_HOME/bin/elasticsearch" -d -p "$(pidfile "$n")" </dev/null >"$dir/logs/startup.log" 2>&1) \
    || { tail -n 40 "$dir/logs/startup.log" >&2; die "node $n: failed to start"; }
}

wait_cluster() { # wait until every node answers and the cluster has them all
  local start=$SECONDS
  until curl -fsS --max-time 5 "http://127.0.0.1:$(http_port 1)/_cluster/health?wait_for_nodes=$NODES&wait_for_status=yellow&timeout=2s" >/dev/null 2>&1; do
    [ $((SECONDS - start)) -lt "$TIMEOUT" ] || die "cluster of $NODES nodes not formed after ${TIMEOUT}s (logs: $BASE/node-*/logs)"
    sleep 1
  done
}

stop_node() { # stop_node N
  local n="$1" pid
  pid="$(live_pid "$n")"
  [ -n "$pid" ] || { log "node $n: not running"; rm -f "$(pidfile "$n")"; return 0; }
  log "node $n: stopping (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 60); do [ -d "/proc/$pid" ] || break; sleep 1; done
  [ ! -d "/proc/$pid" ] || { log "node $n: still running after 60s, KILL"; kill -KILL "$pid" 2>/dev/null || true; }
  rm -f "$(pidfile "$n")"
}

node_arg() { [[ "${1:-}" =~ ^[0-9]+$ ]] && [ "$1" -ge 1 ] && [ "$1" -le "$NODES" ] || die "expected a node number 1..$NODES"; }

case "${1:-}" in
  up)
    t0=$SECONDS
    for i in $(seq 1 "$NODES"); do start_node "$i"; done
    wait_cluster
    log "cluster of $NODES nodes up in $((SECONDS - t0))s"
    echo "ELASTICSEARCH_URL=$(urls)"
    ;;
  down) for i in $(seq "$NODES" -1 1); do stop_node "$i"; done ;;
  status)
    rc=0
    for i in $(seq 1 "$NODES"); do
      if curl -fsS --max-time 3 -o /dev/null "http://127.0.0.1:$(http_port "$i")/_cluster/health"; then state=up; else state=down; rc=1; fi
      printf 'node %-3s %-4s http://127.0.0.1:%s  pid %s\n' "$i" "$state" "$(http_port "$i")" "$(live_pid "$i")"
    done
    exit "$rc"
    ;;
  kill)
    node_arg "${2:-}"
    pid="$(live_pid "$2")"
    [ -n "$pid" ] || die "node $2 is not running"
    kill -KILL "$pid"
    log "node $2: killed (pid $pid)"
    ;;
  start)
    node_arg "${2:-}"
    start_node "$2"
    ;;
  *) echo "usage: $0 up|down|status|kill N|start N" >&2; exit 2 ;;
esac
