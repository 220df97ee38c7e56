#!/usr/bin/env bash
# Stops the server scripts/start-neo4j.sh started (same NEO4J_PORT / NEO4J_CACHE). Quiet no-op when none runs.
set -euo pipefail
port="${NEO4J_PORT:-7687}"
cache="${NEO4J_CACHE:-${HOME}/.cache/otlp-aiops/neo4j}"
pidfile="${cache}/run-${port}/neo4j.pid"
[[ -f "$pidfile" ]] || exit 0
pid="$(cat "$pidfile")"
if kill -0 "$pid" 2>/dev/null; then
  kill -TERM "$pid"   # the shutdown hook closes the store; give it time before forcing
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.3; done
  if kill -0 "$pid" 2>/dev/null; then
    echo "stop-neo4j: pid ${pid} ignored SIGTERM for 30s, killing" >&2
    kill -KILL "$pid" 2>/dev/null || true
  fi
fi
rm -f "$pidfile"
