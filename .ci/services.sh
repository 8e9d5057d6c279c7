# shellcheck shell=bash
# Services the tests need, for .ci/run, which sources this file (after setting its EXIT trap) before the build.
#
# Redis, for tests/Valuation.Webhooks.Redis.Tests: installs redis-server from the machine's Debian packages
# when it is missing, starts a private, non-persistent instance on a free 127.0.0.1 port, waits until it answers
# PING, and exports VALUATION_REDIS=127.0.0.1:PORT. services_cleanup (called by .ci/run's exit trap) stops it.
# An already exported VALUATION_REDIS is used as given.
#
# Sourced, so: no `exit` and no traps here; everything lives in functions with local variables (the caller has
# its own variables, such as `results` and `packages`); failures `return 1`, which stops .ci/run under `set -e`.

_services_log() { echo "services: $*" >&2; }

_services_port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

_services_install_redis() {
  command -v redis-server >/dev/null 2>&1 && command -v redis-cli >/dev/null 2>&1 && return 0
  local sudo=""
  if [[ "$(id -u)" -ne 0 ]]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      sudo="sudo -n"
    else
      _services_log "redis-server is missing and installing it needs root (apt-get install redis-server)"
      return 1
    fi
  fi
  _services_log "installing redis-server"
  if ! { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq redis-server; } >/dev/null; then
    _services_log "apt-get could not install redis-server"
    return 1
  fi
}

_services_start_redis() {
  if [[ -n "${VALUATION_REDIS:-}" ]]; then
    _services_log "using VALUATION_REDIS=$VALUATION_REDIS"
    return 0
  fi
  _services_install_redis || return 1

  local port
  for port in $(seq 6390 6490); do
    _services_port_in_use "$port" || break
  done
  if _services_port_in_use "$port"; then
    _services_log "no free port in 6390-6490 for redis-server"
    return 1
  fi

  _SERVICES_REDIS_DIR="$(mktemp -d "${TMPDIR:-/tmp}/valuation-redis.XXXXXX")"
  _SERVICES_REDIS_PORT="$port"
  if ! redis-server --bind 127.0.0.1 --port "$port" --save '' --appendonly no --daemonize yes \
      --dir "$_SERVICES_REDIS_DIR" --pidfile "$_SERVICES_REDIS_DIR/redis.pid" \
      --logfile "$_SERVICES_REDIS_DIR/redis.log"; then
    _services_log "redis-server did not start"
    return 1
  fi

  local attempt
  for attempt in $(seq 1 100); do
    if [[ "$(redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null)" == "PONG" && -s "$_SERVICES_REDIS_DIR/redis.pid" ]]; then
      export VALUATION_REDIS="127.0.0.1:$port"
      _services_log "redis-server $(redis-server --version | awk '{print $3}') on $VALUATION_REDIS (pid $(cat "$_SERVICES_REDIS_DIR/redis.pid"))"
      return 0
    fi
    sleep 0.1
  done
  _services_log "redis-server did not answer PING on 127.0.0.1:$port within 10 s; its log:"
  tail -n 20 "$_SERVICES_REDIS_DIR/redis.log" >&2 2>/dev/null || true
  return 1
}

# Stops what _services_start_redis started (never a server it did not start) and removes its temp directory.
# Safe to call more than once, and when nothing was started.
services_cleanup() {
  if [[ -n "${_SERVICES_REDIS_DIR:-}" ]]; then
    local pid=""
    [[ -s "$_SERVICES_REDIS_DIR/redis.pid" ]] && pid="$(cat "$_SERVICES_REDIS_DIR/redis.pid")"
    if [[ -n "${_SERVICES_REDIS_PORT:-}" ]]; then
      redis-cli -h 127.0.0.1 -p "$_SERVICES_REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
    fi
    if [[ -n "$pid" ]]; then
      local attempt
      for attempt in $(seq 1 50); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
      done
      if kill -0 "$pid" 2>/dev/null; then kill "$pid" 2>/dev/null || true; fi
    fi
    rm -rf "$_SERVICES_REDIS_DIR"
    _SERVICES_REDIS_DIR=""
    _SERVICES_REDIS_PORT=""
  fi
  return 0
}

_services_start_redis || return 1
