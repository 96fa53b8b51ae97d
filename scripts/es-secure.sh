#!/usr/bin/env bash
# One local Elasticsearch node with security on (TLS on http with a CA of its own, a file-realm
# user), for trying Agora's ELASTICSEARCH_USERNAME/_PASSWORD, _API_KEY and _CA_CERT settings.
#
#   scripts/es-secure.sh up     start it, wait until it answers over https, print the settings (KEY=value) to use
#   scripts/es-secure.sh down   stop it
#
# Environment: AGORA_ES_SECURE_PORT (9270), AGORA_ES_SECURE_HEAP (512m), AGORA_ES_HOME, AGORA_ES_JAVA_HOME,
# AGORA_SERVICE_USER as for scripts/es-cluster.sh. State (certificates included) under $ROOT/.agora/es-secure.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIR="$ROOT/.agora/es-secure"
PORT="${AGORA_ES_SECURE_PORT:-9270}"
TRANSPORT_PORT=$((PORT + 100))
HEAP="${AGORA_ES_SECURE_HEAP:-512m}"
ES_HOME="${AGORA_ES_HOME:-$ROOT/.agora/es/home}"
JAVA_DIR="${AGORA_ES_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
SVC_USER="${AGORA_SERVICE_USER:-agora}"
USER_NAME=agora
PIDFILE="$DIR/es.pid"
CERTS="$DIR/config/certs"

log() { echo "[es-secure] $*" >&2; }
die() { echo "[es-secure] ERROR: $*" >&2; exit 1; }
IS_ROOT=0
[ "$(id -u)" -eq 0 ] && IS_ROOT=1
[ "$IS_ROOT" -eq 1 ] || SVC_USER="$(id -un)"
as_svc() { if [ "$IS_ROOT" -eq 1 ]; then runuser -u "$SVC_USER" -- "$@"; else "$@"; fi; }
live_pid() {
  [ -s "$PIDFILE" ] || return 0
  local pid
  pid="$(tr -dc 0-9 <"$PIDFILE")"
  [ -n "$pid" ] && grep -qaF org.elasticsearch "/proc/$pid/cmdline" 2>/dev/null && echo "$pid" || true
}

certificates() { # a CA and a node certificate for 127.0.0.1/localhost, made once
  [ -s "$CERTS/node.crt" ] && return 0
  mkdir -p "$CERTS"
  log "making a CA and a node certificate in $CERTS"
  openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=Agora local CA" \
    -keyout "$CERTS/ca.key" -out "$CERTS/ca.crt" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout "$CERTS/node.key" -out "$CERTS/node.csr" 2>/dev/null
  printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\n' >"$CERTS/san.ext"
  openssl x509 -req -in "$CERTS/node.csr" -CA "$CERTS/ca.crt" -CAkey "$CERTS/ca.key" -CAcreateserial -days 3650 \
    -extfile "$CERTS/san.ext" -out "$CERTS/node.crt" 2>/dev/null
}

up() {
  local password
  mkdir -p "$DIR"/{config,data,logs,tmp}
  [ -s "$DIR/password" ] || head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' >"$DIR/password"
  password="$(cat "$DIR/password")"
  if [ -z "$(live_pid)" ]; then
    [ -f "$ES_HOME/bin/elasticsearch" ] || die "no Elasticsearch at $ES_HOME (run scripts/services.sh up once, or set AGORA_ES_HOME)"
    certificates
    cp "$ES_HOME/config/jvm.options" "$ES_HOME/config/log4j2.properties" "$DIR/config/"
    mkdir -p "$DIR/config/jvm.options.d"
    printf '%s\n' "-Xms$HEAP" "-Xmx$HEAP" "-XX:HeapDumpPath=$DIR/logs" >"$DIR/config/jvm.options.d/agora.options"
    cat >"$DIR/config/elasticsearch.yml" <<YML
# Written by scripts/es-secure.sh (rewritten on every up).
cluster.name: agora-secure
node.name: agora-secure-1
discovery.type: single-node
network.host: 127.0.0.1
http.port: $PORT
transport.port: $TRANSPORT_PORT
path.data: $DIR/data
path.logs: $DIR/logs
cluster.routing.allocation.disk.threshold_enabled: false
xpack.security.enabled: true
xpack.security.http.ssl.enabled: true
xpack.security.http.ssl.key: certs/node.key
xpack.security.http.ssl.certificate: certs/node.crt
xpack.security.http.ssl.certificate_authorities: [certs/ca.crt]
xpack.security.authc.api_key.enabled: true
YML
    : >"$DIR/config/users"; : >"$DIR/config/users_roles"
    [ "$IS_ROOT" -eq 0 ] || chown -R "$SVC_USER:" "$DIR"
    as_svc env ES_JAVA_HOME="$JAVA_DIR" ES_PATH_CONF="$DIR/config" "$ES_HOME/bin/elasticsearch-users" useradd "$USER_NAME" -p "$password" -r superuser >/dev/null
    log "starting on https://127.0.0.1:$PORT (heap $HEAP)"
    (cd "$DIR/logs" && as_svc env ES_JAVA_HOME="$JAVA_DIR" ES_TMPDIR="$DIR/tmp" ES_PATH_CONF="$DIR/config" HOME="$DIR" \
      "$ES_HOME/bin/elasticsearch" -d -p "$PIDFILE" </dev/null >"$DIR/logs/startup.log" 2>&1) \
      || { tail -n 40 "$DIR/logs/startup.log" >&2; die "failed to start"; }
  fi
  local start=$SECONDS
  until curl -fsS --max-time 5 --cacert "$CERTS/ca.crt" -u "$USER_NAME:$password" \
    "https://127.0.0.1:$PORT/_cluster/health?wait_for_status=yellow&timeout=2s" >/dev/null 2>&1; do
    [ $((SECONDS - start)) -lt 180 ] || die "not answering over https after 180s (logs: $DIR/logs)"
    sleep 1
  done
  log "up"
  echo "ELASTICSEARCH_URL=https://127.0.0.1:$PORT"
  echo "ELASTICSEARCH_USERNAME=$USER_NAME"
  echo "ELASTICSEARCH_PASSWORD=$password"
  echo "ELASTICSEARCH_CA_CERT=$CERTS/ca.crt"
}

down() {
  local pid
  pid="$(live_pid)"
  [ -n "$pid" ] || { log "not running"; return 0; }
  kill -TERM "$pid"
  for _ in $(seq 1 60); do [ -d "/proc/$pid" ] || break; sleep 1; done
  [ ! -d "/proc/$pid" ] || kill -KILL "$pid"
  rm -f "$PIDFILE"
  log "stopped"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  *) echo "usage: $0 up|down" >&2; exit 2 ;;
esac
