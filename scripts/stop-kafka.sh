#!/usr/bin/env bash
# Stops the broker scripts/start-kafka.sh started (same KAFKA_PORT / KAFKA_CACHE). Quiet no-op when none runs.
set -euo pipefail
source "$(cd "$(dirname "$0")" && pwd)/lib/daemon.sh"
port="${KAFKA_PORT:-9092}"
cache="${KAFKA_CACHE:-${HOME}/.cache/otlp-aiops/kafka}"
stop_pidfile kafka "${cache}/run-${port}/kafka.pid" 30
