# Pidfile helpers shared by the start/stop scripts of the test servers (Neo4j, Temporal). Source it; needs bash.

# refuse_if_running NAME PIDFILE PORT PORT_VAR: exits 1 when our server or anything else already holds the port.
refuse_if_running() {
  local name="$1" pidfile="$2" port="$3" port_var="$4"
  if [[ -f "$pidfile" ]] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    echo "start-${name}: already running on port ${port} (pid $(cat "$pidfile")); run scripts/stop-${name}.sh first" >&2
    exit 1
  fi
  if (exec 3<>"/dev/tcp/127.0.0.1/${port}") 2>/dev/null; then
    echo "start-${name}: port ${port} is already in use (set ${port_var})" >&2
    exit 1
  fi
}

# stop_pidfile NAME PIDFILE GRACE_SECONDS: SIGTERM, wait up to the grace period (a server's shutdown hook may need
# it to close its store), then SIGKILL; removes the pidfile. A quiet no-op when nothing runs.
stop_pidfile() {
  local name="$1" pidfile="$2" grace="$3" pid
  [[ -f "$pidfile" ]] || return 0
  pid="$(cat "$pidfile")"
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"
    for _ in $(seq 1 $((grace * 5))); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    if kill -0 "$pid" 2>/dev/null; then
      echo "stop-${name}: pid ${pid} ignored SIGTERM for ${grace}s, killing" >&2
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  rm -f "$pidfile"
}
