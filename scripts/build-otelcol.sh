#!/usr/bin/env bash
# Builds the test Collector (scripts/otelcol: otlp receiver; kafka, otlp (gRPC), otlphttp, debug exporters; batch and
# memory_limiter processors) once into ~/.cache/otlp-aiops/bin/otelcol-aiops and prints its path.
# A stamp beside the binary holds the hash of go.mod + go.sum + the Go sources: when it matches, nothing is built.
# Best effort: exits non-zero when Go or the module proxy is missing; the Collector suites then skip, saying why.
# Env: OTELCOL_BIN (where to put it).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
src="${here}/otelcol"
bin="${OTELCOL_BIN:-${HOME}/.cache/otlp-aiops/bin/otelcol-aiops}"
stamp_file="${bin}.stamp"

command -v go >/dev/null || { echo "build-otelcol: go not found" >&2; exit 1; }
stamp="$(cd "${src}" && cat go.mod go.sum ./*.go | sha256sum | cut -c1-32)"
if [[ -x "${bin}" && -f "${stamp_file}" && "$(cat "${stamp_file}")" == "${stamp}" ]]; then
  echo "${bin}"
  exit 0
fi

mkdir -p "$(dirname "${bin}")"
start="$(date +%s)"
# nice: the machine is small and shared; -trimpath and no DWARF keep the binary small (the tests do not debug it).
(cd "${src}" && nice -n 10 go build -trimpath -ldflags='-s -w' -o "${bin}.partial" .) >&2
mv "${bin}.partial" "${bin}"
echo "${stamp}" >"${stamp_file}"
echo "build-otelcol: built in $(( $(date +%s) - start )) s" >&2
echo "${bin}"
