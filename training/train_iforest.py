"""Isolation Forest on residual vectors (schema v1), exported to ONNX with skl2onnx.

    python train_iforest.py --data rows.csv --out model.onnx [--trees 100] [--seed 42] [--quantile 0.999]

The ONNX graph's `scores` output is scikit-learn's decision_function (negative = anomalous); the scorer negates it.
The threshold is the `quantile` of the negated training scores: the training rows are normal windows, so about
0.1 % of normal windows score above it.
"""
import argparse

import numpy as np
from skl2onnx import to_onnx
from sklearn.ensemble import IsolationForest

from common import read_rows, summary, write_sidecar


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--trees", type=int, default=100)
    ap.add_argument("--max-samples", type=int, default=256)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--quantile", type=float, default=0.999)
    args = ap.parse_args()
    features, x, _ = read_rows(args.data)
    if len(x) < 50:
        raise SystemExit(f"need at least 50 rows to train, got {len(x)}")
    model = IsolationForest(n_estimators=args.trees, max_samples=min(args.max_samples, len(x)), random_state=args.seed)
    model.fit(x)
    onx = to_onnx(model, x[:1], target_opset={"": 17, "ai.onnx.ml": 3}, options={id(model): {"score_samples": False}})
    with open(args.out, "wb") as f:
        f.write(onx.SerializeToString())
    train_scores = -model.decision_function(x)
    write_sidecar(args.out, {
        "kind": "iforest",
        "schema": {"schemaVersion": 1, "features": features},
        "output": {"name": "scores", "negate": True},
        "threshold": float(np.quantile(train_scores, args.quantile)),
        "params": {"trees": args.trees, "maxSamples": int(min(args.max_samples, len(x))), "seed": args.seed, "quantile": args.quantile},
        "dataSummary": {"rows": int(len(x)), **summary(x)},
        "metrics": {"trainScoreP50": float(np.median(train_scores)), "trainScoreP999": float(np.quantile(train_scores, 0.999))},
    })


if __name__ == "__main__":
    main()
