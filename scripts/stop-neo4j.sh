#!/usr/bin/env bash
# Stops the server scripts/start-neo4j.sh started (same NEO4J_PORT / NEO4J_CACHE). Quiet no-op when none runs.
set -euo pipefail
source "$(cd "$(dirname "$0")" && pwd)/lib/daemon.sh"
port="${NEO4J_PORT:-7687}"
cache="${NEO4J_CACHE:-${HOME}/.cache/otlp-aiops/neo4j}"
stop_pidfile neo4j "${cache}/run-${port}/neo4j.pid" 30
