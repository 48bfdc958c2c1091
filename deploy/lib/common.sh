# Shared settings and helpers for the deploy scripts. Sourced, never executed.
#
# One profile is one complete, isolated stack: its own state folder and its own ports.
#   dev  - what `deploy/stack up` brings up (the README's run command)
#   test - what `tests/run` brings up, so tests also run while the dev stack is up
#   bench - what the load benchmarks in tests/load/ bring up, so they disturb neither
# Every setting below can be overridden from the environment.

LS_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
LS_PROFILE="${LINKSTREAM_PROFILE:-dev}"

# Every port is below 32768, outside Linux's ephemeral range (32768-60999): a server
# restarted on a port in that range can find it taken by some client connection's source
# port ("Address already in use"), which happened to PostgreSQL in a drill.
# Monitoring: Prometheus, Alertmanager and the local Discord stand-in (deploy/discord-sink).
# The test stack scrapes and notifies within seconds, and its alert rules wait 10 s where
# the committed ones wait a minute (deploy/monitoring-config), so alert tests finish quickly.
_alert_for=1m _alert_window=1m _spool_age=60
case "$LS_PROFILE" in
  dev)  _http=8080  _pg=25432 _kafka=29092 _kctl=29093 _pmetrics=29464
        _prom=29190 _am=29193 _sink=29194 _scrape=15s _group_wait=30s _group_interval=5m ;;
  test) _http=18080 _pg=26432 _kafka=26092 _kctl=26093 _pmetrics=26464
        _prom=26190 _am=26193 _sink=26194 _scrape=2s _group_wait=1s _group_interval=2s
        _alert_for=10s _alert_window=10s _spool_age=10 ;;
  bench) _http=28080 _pg=27432 _kafka=27092 _kctl=27093 _pmetrics=27464
        _prom=27190 _am=27193 _sink=27194 _scrape=15s _group_wait=30s _group_interval=5m ;;
  *) echo "unknown LINKSTREAM_PROFILE '$LS_PROFILE' (dev, test or bench)" >&2; exit 2 ;;
esac

LS_STATE_DIR="${LINKSTREAM_STATE_DIR:-$LS_ROOT/.state/$LS_PROFILE}"
LS_BUILD_DIR="${LINKSTREAM_BUILD_DIR:-$LS_ROOT/build}"
LS_HTTP_PORT="${LINKSTREAM_HTTP_PORT:-$_http}"
LS_PG_PORT="${LINKSTREAM_PG_PORT:-$_pg}"
LS_KAFKA_PORT="${LINKSTREAM_KAFKA_PORT:-$_kafka}"
LS_KAFKA_CONTROLLER_PORT="${LINKSTREAM_KAFKA_CONTROLLER_PORT:-$_kctl}"
LS_PROJECTOR_METRICS_PORT="${LINKSTREAM_PROJECTOR_METRICS_PORT:-$_pmetrics}"
# How many api replicas run. One answers on LS_HTTP_PORT itself; with more, nginx answers
# there (deploy/nginx/linkstream.conf.template) and replica i listens on LS_HTTP_PORT + i.
LS_API_REPLICAS="${LINKSTREAM_API_REPLICAS:-1}"
case "$LS_API_REPLICAS" in
  [1-9]) ;;
  *) echo "LINKSTREAM_API_REPLICAS must be a number from 1 to 9, not '$LS_API_REPLICAS'" >&2; exit 2 ;;
esac
# Kafka's nodes (each a broker and a KRaft controller): 1 for the laptop, or 3 with every
# topic replicated three times and min.insync.replicas=2 (a write then survives the loss of
# any one node). Node i listens on LS_KAFKA_PORT + 10 (i - 1), its controller on
# LS_KAFKA_CONTROLLER_PORT + 10 (i - 1). Changing it needs a wiped stack.
LS_KAFKA_NODES="${LINKSTREAM_KAFKA_NODES:-1}"
case "$LS_KAFKA_NODES" in
  1|3) ;;
  *) echo "LINKSTREAM_KAFKA_NODES must be 1 or 3, not '$LS_KAFKA_NODES'" >&2; exit 2 ;;
esac
LS_PG_DB="${LINKSTREAM_PG_DB:-linkstream}"
LS_PG_SHARED_BUFFERS="${LINKSTREAM_PG_SHARED_BUFFERS:-1GB}"  # PostgreSQL's buffer cache
LS_PG_MAX_WAL_SIZE="${LINKSTREAM_PG_MAX_WAL_SIZE:-4GB}"      # WAL between checkpoints
LS_MONITORING="${LINKSTREAM_MONITORING:-on}"  # off: no Prometheus, Alertmanager, sink
LS_PROMETHEUS_PORT="${LINKSTREAM_PROMETHEUS_PORT:-$_prom}"
LS_ALERTMANAGER_PORT="${LINKSTREAM_ALERTMANAGER_PORT:-$_am}"
LS_DISCORD_SINK_PORT="${LINKSTREAM_DISCORD_SINK_PORT:-$_sink}"
LS_SCRAPE_INTERVAL="${LINKSTREAM_SCRAPE_INTERVAL:-$_scrape}"
LS_GROUP_WAIT="${LINKSTREAM_ALERT_GROUP_WAIT:-$_group_wait}"
LS_GROUP_INTERVAL="${LINKSTREAM_ALERT_GROUP_INTERVAL:-$_group_interval}"
# The rules' `for: 1m`, their rate windows `[1m]` and ClickSpoolBacklog's 60 s, as the
# profile renders them (the committed rules, which promtool's tests check, say 1m and 60).
# The deliverer's /metrics: ten above the projector's (the port after it is a standby
# projector's in the tests, tests/support/standby_projector.h).
LS_DELIVERER_METRICS_PORT="$((LS_PROJECTOR_METRICS_PORT + 10))"
LS_ALERT_FOR="${LINKSTREAM_ALERT_FOR:-$_alert_for}"
LS_ALERT_WINDOW="${LINKSTREAM_ALERT_WINDOW:-$_alert_window}"
LS_ALERT_SPOOL_AGE_S="${LINKSTREAM_ALERT_SPOOL_AGE_S:-$_spool_age}"
# Where alerts go: a real Discord webhook per severity, or the local stand-in.
LS_DISCORD_CRITICAL_URL="${LINKSTREAM_DISCORD_WEBHOOK_URL:-http://127.0.0.1:$LS_DISCORD_SINK_PORT/webhooks/critical}"
LS_DISCORD_WARNING_URL="${LINKSTREAM_DISCORD_WARNING_WEBHOOK_URL:-${LINKSTREAM_DISCORD_WEBHOOK_URL:-http://127.0.0.1:$LS_DISCORD_SINK_PORT/webhooks/warnings}}"
# Where the alerts' runbook links point (the repository's web address, say).
LS_RUNBOOK_BASE="${LINKSTREAM_RUNBOOK_BASE:-file://$LS_ROOT/docs/runbooks}"
unset _http _pg _kafka _kctl _pmetrics _prom _am _sink _scrape _group_wait _group_interval \
  _alert_for _alert_window _spool_age

# Downloaded runtimes (the Kafka jars) live outside the source tree and survive wipes.
if [ "$(id -u)" -eq 0 ]; then
  LS_CACHE_DIR="${LINKSTREAM_CACHE_DIR:-/var/cache/linkstream}"
else
  LS_CACHE_DIR="${LINKSTREAM_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/linkstream}"
fi
LS_KAFKA_VERSION="$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$LS_ROOT/deploy/kafka/pom.xml")"
LS_KAFKA_RUNTIME_REVISION="$(sed -n 's:.*<runtime.revision>\(.*\)</runtime.revision>.*:\1:p' "$LS_ROOT/deploy/kafka/pom.xml")"
LS_KAFKA_LIBS="$LS_CACHE_DIR/kafka-$LS_KAFKA_VERSION-r$LS_KAFKA_RUNTIME_REVISION/libs"
# The Python tools of deploy/packages/python.txt (schemathesis), in a virtual environment.
LS_PYTHON_ENV="$LS_CACHE_DIR/python"

LS_PG_BIN="${LINKSTREAM_PG_BIN:-/usr/lib/postgresql/15/bin}"
LS_LOG_DIR="$LS_STATE_DIR/logs"
LS_RUN_DIR="$LS_STATE_DIR/run"
LS_SUPERVISOR_CONF="$LS_STATE_DIR/supervisord.conf"

# Replica i (1..LS_API_REPLICAS): its supervisord program, its port and its id. Replica 1
# keeps the id it has as the only replica, so its spool and snapshot stay its own when
# replicas are added or removed.
ls_api_program() { if [ "$1" -eq 1 ]; then echo api; else echo "api-$1"; fi; }
ls_api_port() { if [ "$LS_API_REPLICAS" -eq 1 ]; then echo "$LS_HTTP_PORT"; else echo $((LS_HTTP_PORT + $1)); fi; }
ls_api_replica_id() { if [ "$1" -eq 1 ]; then echo "api-$LS_HTTP_PORT"; else echo "api-$(ls_api_port "$1")"; fi; }
ls_api_replicas() { seq 1 "$LS_API_REPLICAS"; }

# Kafka node i (1..LS_KAFKA_NODES): its program, ports and folder; the bootstrap list.
ls_kafka_nodes() { seq 1 "$LS_KAFKA_NODES"; }
ls_kafka_program() { if [ "$1" -eq 1 ]; then echo kafka; else echo "kafka-$1"; fi; }
ls_kafka_port() { echo $((LS_KAFKA_PORT + 10 * ($1 - 1))); }
ls_kafka_controller_port() { echo $((LS_KAFKA_CONTROLLER_PORT + 10 * ($1 - 1))); }
ls_kafka_dir() { echo "$LS_STATE_DIR/$(ls_kafka_program "$1")"; }
ls_kafka_bootstrap() {
  local i list=""
  for i in $(ls_kafka_nodes); do list="$list${list:+,}127.0.0.1:$(ls_kafka_port "$i")"; done
  echo "$list"
}

log() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# Builds the given CMake targets (all without any) in $LS_BUILD_DIR, configuring it first
# when needed. Shows the compiler's messages, not ninja's progress lines, and returns
# CMake's exit status: a filter in a pipeline must never hide a failed build (it once
# did, and the test command went on to test stale binaries).
ls_build() {
  local - status=0 target_args=()
  set -o pipefail
  if [ ! -f "$LS_BUILD_DIR/build.ninja" ]; then
    cmake -S "$LS_ROOT" -B "$LS_BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null ||
      return
  fi
  [ $# -gt 0 ] && target_args=(--target "$@")
  cmake --build "$LS_BUILD_DIR" "${target_args[@]}" -- -j"$(nproc)" 2>&1 |
    { grep -vE '^\[[0-9]+/[0-9]+\]' || true; } || status=$?
  return "$status"
}

# ls_build_sanitized: linkstream-api, linkstream-projector and the unit and integration tests built
# with AddressSanitizer, UBSan and gcov's counters in $LS_BUILD_DIR-sanitized (its own
# build tree: the flags apply to every object).
ls_build_sanitized() {
  local - status=0 dir="$LS_BUILD_DIR-sanitized"
  set -o pipefail
  # -O1 -g1 (line tables: the sanitizers' reports still name file and line): AddressSanitizer's
  # advice for speed, and under half the compile time of -O2 -g (consumer/src/projector.cc:
  # 12.5 s against 30 s), when this tree's build was the largest step of CI after the tests.
  cmake -S "$LS_ROOT" -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1 -DNDEBUG" \
    -DLINKSTREAM_SANITIZE=address,undefined -DLINKSTREAM_COVERAGE=ON >/dev/null || return
  cmake --build "$dir" --target linkstream-api linkstream-projector unit-tests integration-tests \
    -- -j"$(nproc)" 2>&1 |
    { grep -vE '^\[[0-9]+/[0-9]+\]' || true; } || status=$?
  return "$status"
}

# ls_build_fuzz: the libFuzzer targets of tests/fuzz/ in $LS_BUILD_DIR-fuzz (clang; every
# object instrumented, so only what the fuzzers need is built there).
ls_build_fuzz() {
  local - status=0 dir="$LS_BUILD_DIR-fuzz"
  set -o pipefail
  if [ ! -f "$dir/build.ninja" ]; then
    CC=clang CXX=clang++ cmake -S "$LS_ROOT" -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DLINKSTREAM_FUZZ=ON >/dev/null || return
  fi
  cmake --build "$dir" --target fuzzers -- -j"$(nproc)" 2>&1 |
    { grep -vE '^\[[0-9]+/[0-9]+\]' || true; } || status=$?
  return "$status"
}

# wait_until DESCRIPTION SECONDS COMMAND...
# Polls COMMAND until it succeeds; fails with DESCRIPTION once SECONDS have passed.
wait_until() {
  local what="$1" seconds="$2"; shift 2
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      log "timed out after ${seconds}s waiting for $what"
      return 1
    fi
    sleep 0.2
  done
}

# PostgreSQL refuses to run as root, so a root caller runs it as the `postgres` user.
ls_pg_user() {
  if [ "$(id -u)" -eq 0 ]; then echo postgres; else id -un; fi
}

as_pg_user() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# The cluster lives in the state folder unless the postgres user cannot reach it (a clone
# under /root, say); then it lives in /var/lib/linkstream under a name derived from the
# state folder, and a symlink in the state folder points at it.
ls_pg_data_dir() {
  local in_state="$LS_STATE_DIR/postgres"
  if [ -L "$in_state" ]; then readlink -f "$in_state"; return; fi
  if [ "$(id -u)" -ne 0 ] || runuser -u postgres -- test -x "$LS_STATE_DIR"; then
    echo "$in_state"
  else
    echo "/var/lib/linkstream/pg-$(printf '%s' "$LS_STATE_DIR" | sha1sum | cut -c1-12)"
  fi
}

ls_psql() {
  PGOPTIONS='-c client_min_messages=warning' PGPASSWORD= psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$LS_PG_PORT" -U linkstream "$@"
}

ls_pg_uri() {
  echo "postgresql://linkstream@127.0.0.1:$LS_PG_PORT/$LS_PG_DB"
}

ls_supervisorctl() {
  supervisorctl -c "$LS_SUPERVISOR_CONF" "$@"
}

ls_supervisord_running() {
  [ -S "$LS_RUN_DIR/supervisor.sock" ] && ls_supervisorctl pid >/dev/null 2>&1
}

ls_program_running() {
  ls_supervisorctl status "$1" 2>/dev/null | grep -q RUNNING
}
