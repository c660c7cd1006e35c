#!/usr/bin/env bash
# A local Keycloak (OpenID Connect provider) without Docker, for development and CI: the Quarkus
# distribution from Maven Central, built once and started optimized on 127.0.0.1, plain HTTP, with an
# in-memory database, so that every start imports deploy/keycloak/realm-fallverbund.json afresh
# (realm `fallverbund`, demo users with TEST-ONLY passwords; docs/operations.md, "Identity provider").
#
#   bash deploy/keycloak/keycloak.sh start|stop|status|wait
#
# Environment:
#   KEYCLOAK_VERSION   keycloak-quarkus-dist version                  default 26.7.3
#   KEYCLOAK_PORT      HTTP port                                      default 8181
#   KEYCLOAK_CACHE     folder with the unpacked distribution          default $REPO/.cache/keycloak/<version>
#   KEYCLOAK_DATA      pid file, log                                  default $REPO/.cache/keycloak-data
#   KEYCLOAK_WAIT_TIMEOUT  seconds `wait` polls the discovery document default 180
#   KEYCLOAK_HEAP      JVM -Xmx                                       default 768m
#   KEYCLOAK_ADMIN_USER, KEYCLOAK_ADMIN_PASSWORD  bootstrap admin of the master realm (test only)
#                                                                     default admin / admin
#   JAVA_HOME          a Java 21+ JDK                                 default /usr/lib/jvm/temurin-25-jdk-amd64
#                                                                     when it exists
#   MVN                maven command                                  default mvn
# Everything listens on 127.0.0.1 only.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$SCRIPT_DIR/../.." && pwd)"

KEYCLOAK_VERSION="${KEYCLOAK_VERSION:-26.7.3}"
KEYCLOAK_PORT="${KEYCLOAK_PORT:-8181}"
KEYCLOAK_CACHE="${KEYCLOAK_CACHE:-$REPO/.cache/keycloak/$KEYCLOAK_VERSION}"
KEYCLOAK_DATA="${KEYCLOAK_DATA:-$REPO/.cache/keycloak-data}"
KEYCLOAK_WAIT_TIMEOUT="${KEYCLOAK_WAIT_TIMEOUT:-180}"
KEYCLOAK_HEAP="${KEYCLOAK_HEAP:-768m}"
KEYCLOAK_ADMIN_USER="${KEYCLOAK_ADMIN_USER:-admin}"
KEYCLOAK_ADMIN_PASSWORD="${KEYCLOAK_ADMIN_PASSWORD:-admin}"
MVN="${MVN:-mvn}"
HOST=127.0.0.1
REALM_FILE="$SCRIPT_DIR/realm-fallverbund.json"
DISCOVERY="http://$HOST:$KEYCLOAK_PORT/realms/fallverbund/.well-known/openid-configuration"

if [[ -z "${JAVA_HOME:-}" && -d /usr/lib/jvm/temurin-25-jdk-amd64 ]]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi

KC_HOME="$KEYCLOAK_CACHE/keycloak-$KEYCLOAK_VERSION"
PID_FILE="$KEYCLOAK_DATA/keycloak.pid"
LOG_FILE="$KEYCLOAK_DATA/keycloak.log"

log() { echo "keycloak.sh: $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

is_running() {
  [[ -f "$PID_FILE" ]] || return 1
  local pid
  pid="$(cat "$PID_FILE" 2>/dev/null || true)"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null
}

port_open() {
  (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null
}

# The realm's discovery document answers 200: Keycloak is up and the realm is imported.
discovery_ok() {
  curl -fsS -o /dev/null --max-time 3 "$DISCOVERY" 2>/dev/null
}

ensure_dist() {
  [[ -x "$KC_HOME/bin/kc.sh" ]] && return 0
  command -v "$MVN" >/dev/null || die "maven ($MVN) not found; it is needed once to download Keycloak"
  log "downloading keycloak-quarkus-dist $KEYCLOAK_VERSION into $KEYCLOAK_CACHE (first run only, ~176 MB)"
  mkdir -p "$KEYCLOAK_CACHE" "$KEYCLOAK_DATA"
  local mvn_log="$KEYCLOAK_DATA/mvn-download.log"
  # dependency:copy needs no project; the tar.gz lands in the local Maven repository too
  if ! (cd "$KEYCLOAK_DATA" && "$MVN" -q -B dependency:copy \
    -Dartifact="org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:tar.gz" \
    -DoutputDirectory="$KEYCLOAK_CACHE") >"$mvn_log" 2>&1; then
    tail -n 30 "$mvn_log" >&2 || true
    rm -rf "$KEYCLOAK_CACHE"
    die "maven could not download Keycloak (full output: $mvn_log)"
  fi
  local archive="$KEYCLOAK_CACHE/keycloak-quarkus-dist-$KEYCLOAK_VERSION.tar.gz"
  tar -xzf "$archive" -C "$KEYCLOAK_CACHE" || { rm -rf "$KEYCLOAK_CACHE"; die "could not unpack $archive"; }
  rm -f "$archive"
  [[ -x "$KC_HOME/bin/kc.sh" ]] || die "unpacked, but $KC_HOME/bin/kc.sh is missing"
}

# Build-time options, applied once by `kc.sh build` (20-30 s) so that every start skips that step
# (`start --optimized`; start-dev would redo it each time): an in-memory database, so that each start
# imports the realm afresh, and a local cache instead of a cluster.
BUILD_OPTIONS=(--db=dev-mem --cache=local --health-enabled=false)

ensure_build() {
  local stamp="$KC_HOME/.fallverbund-build"
  [[ -f "$stamp" && "$(cat "$stamp")" == "${BUILD_OPTIONS[*]}" ]] && return 0
  log "building Keycloak for ${BUILD_OPTIONS[*]} (once)"
  "$KC_HOME/bin/kc.sh" build "${BUILD_OPTIONS[@]}" >>"$LOG_FILE" 2>&1 \
    || { tail -n 30 "$LOG_FILE" >&2; die "kc.sh build failed"; }
  echo "${BUILD_OPTIONS[*]}" >"$stamp"
}

cmd_start() {
  if is_running; then
    log "already running (pid $(cat "$PID_FILE"))"
    return 0
  fi
  [[ -x "${JAVA_HOME:-}/bin/java" ]] || die "no JDK at JAVA_HOME=${JAVA_HOME:-} (Keycloak needs Java 21+)"
  if port_open "$KEYCLOAK_PORT"; then
    die "port $KEYCLOAK_PORT on $HOST is already in use by another process"
  fi
  ensure_dist
  mkdir -p "$KEYCLOAK_DATA" "$KC_HOME/data/import"
  # The realm file is copied on every start: the in-memory database imports it each time.
  cp "$REALM_FILE" "$KC_HOME/data/import/realm-fallverbund.json"
  ensure_build
  log "starting Keycloak $KEYCLOAK_VERSION on http://$HOST:$KEYCLOAK_PORT (log: $LOG_FILE)"
  : >"$LOG_FILE"
  # setsid + nohup: Keycloak outlives this shell (CI steps, terminals) and gets its own process group,
  # which `stop` signals (kc.sh runs java as a child). --hostname-strict=false: the issuer follows the
  # host a client asked (127.0.0.1 or localhost), as in dev mode; never so in production.
  KC_BOOTSTRAP_ADMIN_USERNAME="$KEYCLOAK_ADMIN_USER" KC_BOOTSTRAP_ADMIN_PASSWORD="$KEYCLOAK_ADMIN_PASSWORD" \
    JAVA_OPTS_KC_HEAP="-Xms128m -Xmx$KEYCLOAK_HEAP" \
    setsid nohup "$KC_HOME/bin/kc.sh" start --optimized \
    --http-enabled=true --hostname-strict=false --http-host="$HOST" --http-port="$KEYCLOAK_PORT" \
    --import-realm --log-level=warn,org.keycloak.exportimport:info,io.quarkus:info \
    >>"$LOG_FILE" 2>&1 </dev/null &
  echo $! >"$PID_FILE"
}

cmd_wait() {
  local deadline=$((SECONDS + KEYCLOAK_WAIT_TIMEOUT))
  while ((SECONDS < deadline)); do
    if discovery_ok; then
      log "realm fallverbund served at http://$HOST:$KEYCLOAK_PORT/realms/fallverbund"
      return 0
    fi
    if [[ -f "$PID_FILE" ]] && ! is_running; then
      log "Keycloak exited; last log lines:"
      tail -n 40 "$LOG_FILE" >&2 || true
      die "Keycloak did not start"
    fi
    sleep 1
  done
  log "timed out after ${KEYCLOAK_WAIT_TIMEOUT}s waiting for $DISCOVERY; last log lines:"
  tail -n 40 "$LOG_FILE" >&2 || true
  die "Keycloak not reachable"
}

cmd_stop() {
  if ! is_running; then
    log "not running"
    rm -f "$PID_FILE"
    return 0
  fi
  local pid i
  pid="$(cat "$PID_FILE")"
  log "stopping pid $pid"
  kill -TERM -- "-$pid" 2>/dev/null || kill "$pid" 2>/dev/null || true
  for ((i = 0; i < 60; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "still alive after 30s, sending SIGKILL"
    kill -KILL -- "-$pid" 2>/dev/null || kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$PID_FILE"
}

cmd_status() {
  if is_running; then
    echo "keycloak: running (pid $(cat "$PID_FILE"), http://$HOST:$KEYCLOAK_PORT, version $KEYCLOAK_VERSION)"
  else
    echo "keycloak: not running"
    return 1
  fi
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  wait) cmd_wait ;;
  *) echo "usage: $0 start|stop|status|wait" >&2; exit 2 ;;
esac
