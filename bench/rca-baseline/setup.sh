#!/usr/bin/env bash
# Creates (once) the Python virtual environment that runs RCAEval's offline RCA methods for bench/rca-baseline.
# Idempotent: a venv whose import check passes is left as it is; otherwise it is (re)built.
#
#   bash bench/rca-baseline/setup.sh        # prints the venv's python path on its last line
#
# Why these packages: RCAEval==1.8.1 is installed with --no-deps because its declared dependencies are ~170 exact pins
# (torch, dvc, celery, …) that the methods used here do not need. On Python 3.11 RCAEval/e2e/__init__.py does NOT take
# its try/except import path (that one is only for 3.10/3.12/3.14): it imports .rcd, .mmrcd and .torai unguarded, so
# importing any method (BARO included) needs RCD's imports: matplotlib, networkx, causal-learn, scikit-learn. Those
# same packages also make RCD and CIRCA runnable. RCAEval/utility imports requests and tqdm.
set -euo pipefail

CACHE_DIR="${AIOPS_CACHE:-$HOME/.cache/otlp-aiops}"
VENV="$CACHE_DIR/rcaeval-venv"
PY="$VENV/bin/python"
PYTHON_BIN="${RCAEVAL_PYTHON:-python3.11}"

# numpy<2 because RCAEval 1.8.1 and causal-learn 0.1.3.x predate numpy 2; every pin has a cp311 wheel on PyPI.
PACKAGES=(
  "numpy==1.26.4"
  "pandas==2.2.3"
  "scipy==1.13.1"
  "scikit-learn==1.5.2"
  "matplotlib==3.9.2"
  "networkx==3.3"
  "causal-learn==0.1.3.8"
  "requests"
  "tqdm"
)
RCAEVAL="RCAEval==1.8.1"

# The import check also proves the method functions (not the submodules of the same name) are reachable.
CHECK='
from RCAEval.e2e.baro import baro
from RCAEval.e2e import nsigma, rcd
from RCAEval.e2e.circa import circa
import importlib.metadata as m
print("RCAEval", m.version("RCAEval"), "numpy", m.version("numpy"), "pandas", m.version("pandas"), "causal-learn", m.version("causal-learn"))
'

if [ -x "$PY" ] && "$PY" -c "$CHECK" >/dev/null 2>&1; then
  echo "rcaeval venv: already set up at $VENV ($("$PY" -c "$CHECK" 2>/dev/null))" >&2
  echo "$PY"
  exit 0
fi

if ! command -v "$PYTHON_BIN" >/dev/null 2>&1; then
  echo "rcaeval venv: $PYTHON_BIN not found (set RCAEVAL_PYTHON to a Python 3.11 interpreter)" >&2
  exit 1
fi

mkdir -p "$CACHE_DIR"
if [ ! -x "$PY" ]; then
  echo "rcaeval venv: creating $VENV with $PYTHON_BIN" >&2
  "$PYTHON_BIN" -m venv "$VENV"
fi
echo "rcaeval venv: installing ${PACKAGES[*]}" >&2
"$PY" -m pip install --quiet --disable-pip-version-check "${PACKAGES[@]}" >&2
echo "rcaeval venv: installing $RCAEVAL --no-deps" >&2
"$PY" -m pip install --quiet --disable-pip-version-check --no-deps "$RCAEVAL" >&2
echo "rcaeval venv: import check: $("$PY" -c "$CHECK")" >&2
echo "$PY"
