#!/usr/bin/env bash
# Stops the server scripts/start-temporal.sh started (same TEMPORAL_PORT / TEMPORAL_CACHE). Quiet no-op when none runs.
set -euo pipefail
port="${TEMPORAL_PORT:-7233}"
cache="${TEMPORAL_CACHE:-${HOME}/.cache/otlp-aiops}"
pidfile="${cache}/temporal-run-${port}/temporal.pid"
[[ -f "$pidfile" ]] || exit 0
pid="$(cat "$pidfile")"
if kill -0 "$pid" 2>/dev/null; then
  kill -TERM "$pid"
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  kill -0 "$pid" 2>/dev/null && { echo "stop-temporal: pid ${pid} ignored SIGTERM for 10s, killing" >&2; kill -KILL "$pid" 2>/dev/null || true; }
fi
rm -f "$pidfile"
