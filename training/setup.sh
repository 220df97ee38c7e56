#!/usr/bin/env bash
# Creates the training environment from pinned requirements in a cache folder and prints its python path.
#   training/setup.sh             Isolation Forest only (what CI uses)
#   training/setup.sh --sequence  also torch, for train_sequence.py
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cache="${AIOPS_TRAIN_VENV:-${HOME}/.cache/otlp-aiops/train-venv}"
req="${here}/requirements.txt"
[[ "${1:-}" == "--sequence" ]] && req="${here}/requirements-sequence.txt"
if [[ ! -x "${cache}/bin/python" ]]; then
  python3 -m venv "${cache}" >&2
fi
stamp="${cache}/.installed-$(sha256sum "${req}" "${here}/requirements.txt" | sha256sum | cut -c1-16)"
if [[ ! -f "${stamp}" ]]; then
  "${cache}/bin/pip" install --quiet --disable-pip-version-check -r "${req}" >&2
  touch "${stamp}"
fi
echo "${cache}/bin/python"
