#!/usr/bin/env bash
# Stops the server scripts/start-temporal.sh started (same TEMPORAL_PORT / TEMPORAL_CACHE). Quiet no-op when none runs.
set -euo pipefail
source "$(cd "$(dirname "$0")" && pwd)/lib/daemon.sh"
port="${TEMPORAL_PORT:-7233}"
cache="${TEMPORAL_CACHE:-${HOME}/.cache/otlp-aiops}"
stop_pidfile temporal "${cache}/temporal-run-${port}/temporal.pid" 10
