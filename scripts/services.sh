#!/usr/bin/env bash
# Local backing services for Agora: Elasticsearch, Postgres 15, Redis 7.
#
#   scripts/services.sh up       start what is not running, wait until healthy, print URLs
#   scripts/services.sh down     stop what `up` started (pid files under .agora/run)
#   scripts/services.sh status   one line per service; exit 0 only if all three are healthy
#
# All state lives under $ROOT/.agora (git-ignored). Progress messages go to stderr
# ("[services] ..."); `up` prints the three URLs (KEY=value) and `status` its lines on stdout,
# so `eval "$(scripts/services.sh up)"` or `scripts/services.sh up >> "$GITHUB_ENV"` work.
#
# Environment:
#   ELASTICSEARCH_URL / DATABASE_URL / REDIS_URL  use that server instead: not started or
#                                                 stopped here, only health-checked
#   AGORA_ES_PORT (9250)  AGORA_PG_PORT (54329)  AGORA_REDIS_PORT (63799)
#   AGORA_ES_HEAP (1g)    AGORA_ES_JAVA_HOME (/usr/lib/jvm/temurin-25-jdk-amd64)
#   AGORA_SERVICE_USER (agora)  unprivileged user the services run as when invoked as root
#
# Postgres: superuser `agora`, trust auth on loopback, databases `agora` and `agora_test`.
set -euo pipefail

ES_VERSION=9.2.8

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
AGORA="$ROOT/.agora"
CACHE="$AGORA/cache"
RUN="$AGORA/run"
ES_DIR="$AGORA/es"
ES_HOME="$ES_DIR/home"
PG_DIR="$AGORA/pg"
PG_DATA="$PG_DIR/data"
PG_SOCK="$PG_DIR/sock"
PG_BIN=/usr/lib/postgresql/15/bin
REDIS_DIR="$AGORA/redis"

ES_PORT="${AGORA_ES_PORT:-9250}"
PG_PORT="${AGORA_PG_PORT:-54329}"
REDIS_PORT="${AGORA_REDIS_PORT:-63799}"
ES_HEAP="${AGORA_ES_HEAP:-1g}"
ES_JAVA_HOME_DIR="${AGORA_ES_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
SVC_USER="${AGORA_SERVICE_USER:-agora}"

ES_TIMEOUT=180
PG_TIMEOUT=30
REDIS_TIMEOUT=30

ES_PIDFILE="$RUN/elasticsearch.pid"
PG_PIDFILE="$RUN/postgres.pid"
REDIS_PIDFILE="$RUN/redis.pid"

# A URL's host part with every byte but [A-Za-z0-9._~-] percent-encoded (a socket directory as host).
url_encode() {
  local LC_ALL=C text="$1" out="" c i
  for ((i = 0; i < ${#text}; i++)); do
    c="${text:i:1}"
    case "$c" in [A-Za-z0-9._~-]) out+="$c" ;; *) printf -v c '%%%02X' "'$c"; out+="$c" ;; esac
  done
  echo "$out"
}

ES_LOCAL_URL="http://127.0.0.1:$ES_PORT"
# The private Postgres is reached through its Unix socket (libpq and node-postgres read a
# percent-encoded directory as the host): on one machine it costs both sides less CPU per
# byte than TCP on loopback, measured 1.5-3 µs per stored document read by a reindex.
PG_LOCAL_URL="postgres://agora@$(url_encode "$PG_SOCK"):$PG_PORT/agora"
REDIS_LOCAL_URL="redis://127.0.0.1:$REDIS_PORT"

log() { echo "[services] $*" >&2; }
die() { echo "[services] ERROR: $*" >&2; exit 1; }

IS_ROOT=0
[ "$(id -u)" -eq 0 ] && IS_ROOT=1
[ "$IS_ROOT" -eq 1 ] || SVC_USER="$(id -un)"

# Run a command as the unprivileged service user (Postgres and Elasticsearch refuse root).
# fd 9 (the lock) is closed so daemons never inherit it.
as_svc() {
  if [ "$IS_ROOT" -eq 1 ]; then runuser -u "$SVC_USER" -- "$@" 9>&-; else "$@" 9>&-; fi
}

# ---------------------------------------------------------------- helpers
external() { # external SERVICE -> 0 if the user supplied a URL for it
  case "$1" in
    es) [ -n "${ELASTICSEARCH_URL:-}" ] ;;
    pg) [ -n "${DATABASE_URL:-}" ] ;;
    redis) [ -n "${REDIS_URL:-}" ] ;;
  esac
}
url_of() {
  case "$1" in
    es) echo "${ELASTICSEARCH_URL:-$ES_LOCAL_URL}" ;;
    pg) echo "${DATABASE_URL:-$PG_LOCAL_URL}" ;;
    redis) echo "${REDIS_URL:-$REDIS_LOCAL_URL}" ;;
  esac
}
name_of() { case "$1" in es) echo elasticsearch ;; pg) echo postgres ;; redis) echo redis ;; esac; }
pidfile_of() { case "$1" in es) echo "$ES_PIDFILE" ;; pg) echo "$PG_PIDFILE" ;; redis) echo "$REDIS_PIDFILE" ;; esac; }
port_of() { case "$1" in es) echo "$ES_PORT" ;; pg) echo "$PG_PORT" ;; redis) echo "$REDIS_PORT" ;; esac; }
logfile_of() {
  case "$1" in
    es) echo "$ES_DIR/logs/agora.log" ;;
    pg) echo "$PG_DIR/log/postgres.log" ;;
    redis) echo "$REDIS_DIR/log/redis.log" ;;
  esac
}
cmd_pattern() { case "$1" in es) echo org.elasticsearch ;; pg) echo postgres ;; redis) echo redis-server ;; esac; }

# Pid from SERVICE's pidfile if that process is alive and is the right program; else empty.
live_pid() {
  local f pid
  f="$(pidfile_of "$1")"
  [ -s "$f" ] || return 0
  pid="$(head -n1 "$f" | tr -dc 0-9)"
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || return 0
  if grep -qaF -- "$(cmd_pattern "$1")" "/proc/$pid/cmdline" 2>/dev/null; then echo "$pid"; fi
}
clean_stale() {
  local f
  f="$(pidfile_of "$1")"
  if [ -e "$f" ] && [ -z "$(live_pid "$1")" ]; then
    log "$(name_of "$1"): removing stale pidfile $f"
    rm -f "$f"
  fi
}
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

show_log() {
  local f
  for f in "$@"; do
    [ -s "$f" ] || continue
    echo "[services] ---- last 40 lines of $f ----" >&2
    tail -n 40 "$f" >&2
  done
}

need_pkgs=()
want_bin() { # want_bin BINARY PACKAGE
  if [ "${1#/}" != "$1" ]; then [ -x "$1" ] || need_pkgs+=("$2"); else command -v "$1" >/dev/null 2>&1 || need_pkgs+=("$2"); fi
}
install_missing() {
  [ "${#need_pkgs[@]}" -gt 0 ] || return 0
  local sudo=""
  [ "$IS_ROOT" -eq 1 ] || sudo="sudo"
  log "installing missing packages with apt-get: ${need_pkgs[*]} (output in $AGORA/apt.log)"
  mkdir -p "$AGORA"
  if ! { $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq \
         && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_pkgs[@]}"; \
       } >"$AGORA/apt.log" 2>&1 9>&-; then
    show_log "$AGORA/apt.log"
    die "apt-get install ${need_pkgs[*]} failed"
  fi
  need_pkgs=()
}

# ---------------------------------------------------------------- health checks
es_healthy() { # es_healthy URL [server-side wait seconds]
  curl -fsS -o /dev/null --max-time $(( ${2:-1} + 5 )) \
    "${1%/}/_cluster/health?wait_for_status=yellow&timeout=${2:-1}s" 2>/dev/null
}
pg_healthy() {
  if [ "$1" = "$PG_LOCAL_URL" ] && [ -x "$PG_BIN/pg_isready" ]; then
    "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -U agora -d agora -t 3
  elif command -v pg_isready >/dev/null 2>&1; then
    pg_isready -q -d "$1" -t 3
  elif command -v psql >/dev/null 2>&1; then
    psql "$1" -tAqc 'select 1' >/dev/null 2>&1
  else
    local hp="${1#*://}"; hp="${hp#*@}"; hp="${hp%%/*}"; hp="${hp%%\?*}"
    local host="${hp%:*}" port="${hp##*:}"; [ "$port" != "$hp" ] || port=5432
    (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null
  fi
}
redis_healthy() {
  if command -v redis-cli >/dev/null 2>&1; then
    [ "$(timeout 5 redis-cli -u "$1" ping 2>/dev/null)" = "PONG" ]
  else
    local hp="${1#*://}"; hp="${hp#*@}"; hp="${hp%%/*}"
    local host="${hp%:*}" port="${hp##*:}"; [ "$port" != "$hp" ] || port=6379
    exec 3<>"/dev/tcp/$host/$port" 2>/dev/null || return 1
    printf 'PING\r\n' >&3
    local reply; read -r -t 5 reply <&3 || true
    exec 3>&-
    [ "${reply%$'\r'}" = "+PONG" ]
  fi
}
healthy() { # healthy SERVICE
  case "$1" in
    es) es_healthy "$(url_of es)" ;;
    pg) pg_healthy "$(url_of pg)" ;;
    redis) redis_healthy "$(url_of redis)" ;;
  esac
}

# wait_healthy SERVICE TIMEOUT: poll until healthy; fail early if our process dies.
wait_healthy() {
  local svc="$1" timeout="$2" start=$SECONDS
  while :; do
    if [ "$svc" = es ]; then es_healthy "$(url_of es)" 2 && return 0; else healthy "$svc" && return 0; fi
    if ! external "$svc" && [ -z "$(live_pid "$svc")" ] && [ -e "$(pidfile_of "$svc")" ]; then
      log "$(name_of "$svc"): process exited during startup"
      return 1
    fi
    [ $(( SECONDS - start )) -lt "$timeout" ] || return 1
    sleep 1
  done
}

fail_service() { # fail_service SERVICE MESSAGE
  log "FAILED: $(name_of "$1"): $2"
  case "$1" in
    es) show_log "$ES_DIR/logs/agora.log" ;;
    *) show_log "$(logfile_of "$1")" ;;
  esac
  exit 1
}

# ---------------------------------------------------------------- setup
ensure_user() {
  [ "$IS_ROOT" -eq 1 ] || return 0
  if ! id -u "$SVC_USER" >/dev/null 2>&1; then
    log "creating system user $SVC_USER to run the services (they refuse to run as root)"
    useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$SVC_USER"
  fi
}
own() { # own DIR...: give dirs to the service user (recursively, only if not already theirs)
  [ "$IS_ROOT" -eq 1 ] || return 0
  local d
  for d in "$@"; do
    if [ "$(stat -c %U "$d")" != "$SVC_USER" ]; then chown -R "$SVC_USER:" "$d"; fi
  done
}

prepare_dirs() {
  mkdir -p "$CACHE" "$RUN" "$ES_DIR"/{data,logs,tmp} "$PG_DIR"/{log,sock} "$REDIS_DIR"/{data,log}
  own "$RUN" "$ES_DIR/data" "$ES_DIR/logs" "$ES_DIR/tmp" "$PG_DIR" "$REDIS_DIR"
  if [ "$IS_ROOT" -eq 1 ] && ! runuser -u "$SVC_USER" -- test -w "$RUN"; then
    die "user $SVC_USER cannot write $RUN: a parent directory of $ROOT is not accessible to it (e.g. under /root). Move the checkout or set AGORA_SERVICE_USER."
  fi
}

# ---------------------------------------------------------------- elasticsearch
es_install() {
  local zip="$CACHE/elasticsearch-$ES_VERSION.zip"
  if [ -f "$ES_HOME/lib/elasticsearch-$ES_VERSION.jar" ]; then return 0; fi
  if [ ! -s "$zip" ]; then
    log "elasticsearch: downloading $ES_VERSION (integ-test-zip) with maven"
    mvn -q -B dependency:copy \
      "-Dartifact=org.elasticsearch.distribution.integ-test-zip:elasticsearch:${ES_VERSION}:zip" \
      "-DoutputDirectory=$CACHE" >"$CACHE/mvn.log" 2>&1 9>&- \
      || { show_log "$CACHE/mvn.log"; die "elasticsearch: maven download failed"; }
    [ -s "$zip" ] || die "elasticsearch: maven did not produce $zip"
  fi
  log "elasticsearch: unpacking into $ES_HOME"
  local tmp="$ES_DIR/unpack.tmp"
  rm -rf "$tmp" "$ES_HOME"
  mkdir -p "$tmp"
  if ! unzip -q "$zip" -d "$tmp"; then
    rm -rf "$tmp" "$zip"
    die "elasticsearch: $zip is corrupt; deleted it, run again to re-download"
  fi
  mv "$tmp/elasticsearch-$ES_VERSION" "$ES_HOME"
  rm -rf "$tmp"
  [ "$IS_ROOT" -eq 0 ] || chown -R "$SVC_USER:" "$ES_HOME"
}

es_configure() {
  local conf="$ES_HOME/config/elasticsearch.yml" new
  new="$(cat <<EOF
# Written by scripts/services.sh (rewritten on every \`up\`).
cluster.name: agora
node.name: agora-1
discovery.type: single-node
network.host: 127.0.0.1
http.port: $ES_PORT
path.data: $ES_DIR/data
path.logs: $ES_DIR/logs
xpack.security.enabled: false
cluster.routing.allocation.disk.threshold_enabled: false
EOF
)"
  if [ ! -f "$conf" ] || [ "$(cat "$conf")" != "$new" ]; then
    printf '%s\n' "$new" >"$conf"
  fi
  # Heap dumps / fatal error logs into our logs dir (the integ-test-zip's jvm.options has none).
  printf '%s\n' "-XX:HeapDumpPath=$ES_DIR/logs" >"$ES_HOME/config/jvm.options.d/agora.options"
  [ "$IS_ROOT" -eq 0 ] || chown "$SVC_USER:" "$conf" "$ES_HOME/config/jvm.options.d/agora.options"
}

es_up() {
  clean_stale es
  if [ -n "$(live_pid es)" ]; then
    wait_healthy es "$ES_TIMEOUT" || fail_service es "running (pid $(live_pid es)) but not healthy after ${ES_TIMEOUT}s"
    log "elasticsearch: already running (pid $(live_pid es))"
    return 0
  fi
  port_open "$ES_PORT" && die "elasticsearch: port $ES_PORT is in use by a process this script did not start (set AGORA_ES_PORT or ELASTICSEARCH_URL)"
  [ -x "$ES_JAVA_HOME_DIR/bin/java" ] || die "elasticsearch: Elasticsearch 9 needs Java 21+; expected a JDK at $ES_JAVA_HOME_DIR (install Temurin 25 there or set AGORA_ES_JAVA_HOME)"
  es_install
  es_configure
  log "elasticsearch: starting $ES_VERSION on port $ES_PORT"
  local t0=$SECONDS
  if ! (cd "$ES_DIR/logs" && as_svc env \
        ES_JAVA_HOME="$ES_JAVA_HOME_DIR" \
        ES_JAVA_OPTS="-Xms$ES_HEAP -Xmx$ES_HEAP" \
        ES_TMPDIR="$ES_DIR/tmp" \
        ES_PATH_CONF="$ES_HOME/config" \
        HOME="$ES_DIR" \
        "$ES_HOME/bin/elasticsearch" -d -p "$ES_PIDFILE" \
        </dev/null >"$ES_DIR/logs/startup.log" 2>&1); then
    log "FAILED: elasticsearch: failed to start"
    show_log "$ES_DIR/logs/startup.log"
    exit 1
  fi
  wait_healthy es "$ES_TIMEOUT" || fail_service es "not healthy after ${ES_TIMEOUT}s"
  log "elasticsearch: up in $(( SECONDS - t0 ))s"
}

es_down() {
  local pid
  clean_stale es
  pid="$(live_pid es)"
  [ -n "$pid" ] || { log "elasticsearch: not running"; return 0; }
  log "elasticsearch: stopping (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 60); do
    [ -d "/proc/$pid" ] || break
    sleep 1
  done
  if [ -d "/proc/$pid" ]; then
    log "elasticsearch: still running after 60s, sending KILL"
    kill -KILL "$pid" 2>/dev/null || true
    sleep 1
  fi
  rm -f "$ES_PIDFILE"
}

# ---------------------------------------------------------------- postgres
pg_psql() { # pg_psql DB SQL
  as_svc "$PG_BIN/psql" -h "$PG_SOCK" -p "$PG_PORT" -U agora -d "$1" -v ON_ERROR_STOP=1 -tAqc "$2"
}

pg_configure() {
  if [ ! -s "$PG_DATA/PG_VERSION" ]; then
    log "postgres: initdb in $PG_DATA"
    rm -rf "$PG_DATA"
    mkdir -p "$PG_DATA"
    own "$PG_DATA"
    chmod 700 "$PG_DATA"
    as_svc "$PG_BIN/initdb" -D "$PG_DATA" -U agora --encoding=UTF8 --locale=C.UTF-8 \
      --auth-local=trust --auth-host=trust >"$PG_DIR/log/initdb.log" 2>&1 \
      || { show_log "$PG_DIR/log/initdb.log"; die "postgres: initdb failed"; }
    echo "include_if_exists = 'agora.conf'" >>"$PG_DATA/postgresql.conf"
  fi
  local conf="$PG_DATA/agora.conf" new
  new="$(cat <<EOF
# Written by scripts/services.sh (rewritten on every \`up\`).
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$PG_SOCK'
EOF
)"
  if [ ! -f "$conf" ] || [ "$(cat "$conf")" != "$new" ]; then
    printf '%s\n' "$new" >"$conf"
    [ "$IS_ROOT" -eq 0 ] || chown "$SVC_USER:" "$conf"
  fi
}

pg_create_dbs() {
  local db
  for db in agora agora_test; do
    if [ "$(pg_psql postgres "select 1 from pg_database where datname = '$db'")" != "1" ]; then
      log "postgres: creating database $db"
      pg_psql postgres "create database $db" >/dev/null
    fi
  done
}

pg_up() {
  # postmaster.pid in our data dir is authoritative; keep .agora/run/postgres.pid in sync.
  if [ -s "$PG_DATA/postmaster.pid" ]; then head -n1 "$PG_DATA/postmaster.pid" >"$PG_PIDFILE"; fi
  clean_stale pg
  if [ -n "$(live_pid pg)" ]; then
    wait_healthy pg "$PG_TIMEOUT" || fail_service pg "running (pid $(live_pid pg)) but not healthy after ${PG_TIMEOUT}s"
    pg_create_dbs
    log "postgres: already running (pid $(live_pid pg))"
    return 0
  fi
  port_open "$PG_PORT" && die "postgres: port $PG_PORT is in use by a process this script did not start (set AGORA_PG_PORT or DATABASE_URL)"
  [ ${#PG_SOCK} -lt 100 ] || die "postgres: socket dir path too long for a unix socket: $PG_SOCK"
  pg_configure
  log "postgres: starting on port $PG_PORT"
  local t0=$SECONDS
  as_svc "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_DIR/log/postgres.log" -w -t "$PG_TIMEOUT" start \
    </dev/null >/dev/null 2>&1 || fail_service pg "pg_ctl start failed"
  head -n1 "$PG_DATA/postmaster.pid" >"$PG_PIDFILE"
  wait_healthy pg "$PG_TIMEOUT" || fail_service pg "not healthy after ${PG_TIMEOUT}s"
  pg_create_dbs
  log "postgres: up in $(( SECONDS - t0 ))s"
}

pg_down() {
  if [ -s "$PG_DATA/postmaster.pid" ] && [ ! -e "$PG_PIDFILE" ]; then head -n1 "$PG_DATA/postmaster.pid" >"$PG_PIDFILE"; fi
  clean_stale pg
  local pid
  pid="$(live_pid pg)"
  [ -n "$pid" ] || { log "postgres: not running"; return 0; }
  log "postgres: stopping (pid $pid)"
  as_svc "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w -t 60 stop >/dev/null 2>&1 \
    || { log "postgres: pg_ctl stop failed, sending TERM"; kill -TERM "$pid" 2>/dev/null || true; }
  rm -f "$PG_PIDFILE"
}

# ---------------------------------------------------------------- redis
redis_up() {
  clean_stale redis
  if [ -n "$(live_pid redis)" ]; then
    wait_healthy redis "$REDIS_TIMEOUT" || fail_service redis "running (pid $(live_pid redis)) but not healthy after ${REDIS_TIMEOUT}s"
    log "redis: already running (pid $(live_pid redis))"
    return 0
  fi
  port_open "$REDIS_PORT" && die "redis: port $REDIS_PORT is in use by a process this script did not start (set AGORA_REDIS_PORT or REDIS_URL)"
  local conf="$REDIS_DIR/redis.conf"
  cat >"$conf" <<EOF
# Written by scripts/services.sh (rewritten on every \`up\`).
port $REDIS_PORT
bind 127.0.0.1
protected-mode yes
daemonize yes
pidfile $REDIS_PIDFILE
logfile $REDIS_DIR/log/redis.log
dir $REDIS_DIR/data
appendonly no
EOF
  [ "$IS_ROOT" -eq 0 ] || chown "$SVC_USER:" "$conf"
  log "redis: starting on port $REDIS_PORT"
  local t0=$SECONDS
  as_svc redis-server "$conf" </dev/null >/dev/null 2>&1 || fail_service redis "redis-server failed to start"
  wait_healthy redis "$REDIS_TIMEOUT" || fail_service redis "not healthy after ${REDIS_TIMEOUT}s"
  log "redis: up in $(( SECONDS - t0 ))s"
}

redis_down() {
  clean_stale redis
  local pid
  pid="$(live_pid redis)"
  [ -n "$pid" ] || { log "redis: not running"; return 0; }
  log "redis: stopping (pid $pid)"
  timeout 10 redis-cli -h 127.0.0.1 -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 30); do
    [ -d "/proc/$pid" ] || break
    sleep 1
  done
  [ ! -d "/proc/$pid" ] || kill -KILL "$pid" 2>/dev/null || true
  rm -f "$REDIS_PIDFILE"
}

# ---------------------------------------------------------------- commands
lock() {
  mkdir -p "$RUN"
  exec 9>"$AGORA/.lock"
  flock -w 600 9 || die "another services.sh is still running (lock $AGORA/.lock)"
}

cmd_up() {
  local t0=$SECONDS svc
  lock
  want_bin curl curl
  if ! external es && [ ! -f "$ES_HOME/lib/elasticsearch-$ES_VERSION.jar" ]; then
    want_bin unzip unzip
    [ -s "$CACHE/elasticsearch-$ES_VERSION.zip" ] || want_bin mvn maven
  fi
  external pg || want_bin "$PG_BIN/postgres" postgresql-15
  external redis || { want_bin redis-server redis-server; want_bin redis-cli redis-tools; }
  install_missing
  ensure_user
  prepare_dirs

  for svc in es pg redis; do
    if external "$svc"; then
      log "$(name_of "$svc"): using external $(url_of "$svc")"
      local to=$PG_TIMEOUT; [ "$svc" != es ] || to=$ES_TIMEOUT
      wait_healthy "$svc" "$to" || { log "FAILED: $(name_of "$svc"): external $(url_of "$svc") not healthy"; exit 1; }
    else
      case "$svc" in es) es_up ;; pg) pg_up ;; redis) redis_up ;; esac
    fi
  done
  log "all services healthy ($(( SECONDS - t0 ))s)"
  echo "ELASTICSEARCH_URL=$(url_of es)"
  echo "DATABASE_URL=$(url_of pg)"
  echo "REDIS_URL=$(url_of redis)"
}

cmd_down() {
  lock
  local svc
  for svc in redis pg es; do
    if external "$svc"; then log "$(name_of "$svc"): external $(url_of "$svc"), not stopping"; continue; fi
    case "$svc" in es) es_down ;; pg) pg_down ;; redis) redis_down ;; esac
  done
}

cmd_status() {
  local svc rc=0 state ext
  for svc in es pg redis; do
    ext=""; external "$svc" && ext=" (external)"
    if healthy "$svc"; then state=up; else state=down; rc=1; fi
    printf '%-13s %-4s %s%s\n' "$(name_of "$svc")" "$state" "$(url_of "$svc")" "$ext"
  done
  return "$rc"
}

case "${1:-}" in
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  *) echo "usage: $0 up|down|status" >&2; exit 2 ;;
esac
