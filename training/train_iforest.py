"""Isolation Forest on residual vectors (schema v1), exported to ONNX with skl2onnx, then compacted.

    python train_iforest.py --data rows.csv --out model.onnx [--trees 100] [--select-from M] [--seed 42]
                            [--quantile 0.999] [--scores-out scores.txt]

`--select-from M` fits M trees and keeps the `--trees` of them that best reproduce the M-tree forest's path lengths
(prune_forest.py): fewer trees to walk online for about the same scores.

The ONNX graph's `scores` output is scikit-learn's decision_function (negative = anomalous); the scorer negates it.
skl2onnx's graph (~27 nodes per tree) is rewritten by compact_iforest.py into one TreeEnsembleRegressor over all
trees plus the same final arithmetic; nothing is written unless its scores equal scikit-learn's and skl2onnx's within
1e-5 on (up to 5,000 of) the training rows and 1,000 random residual-like rows. `--scores-out` writes
decision_function of every training row, one per line (tests compare onnxruntime's scores with it).
The threshold is the `quantile` of the negated training scores: the training rows are normal windows, so about
0.1 % of normal windows score above it.
"""
import argparse

import numpy as np
from skl2onnx import to_onnx
from sklearn.ensemble import IsolationForest

from common import read_rows, summary, write_sidecar
from compact_iforest import check_set, compact, verify
from prune_forest import prune


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--trees", type=int, default=100)
    ap.add_argument("--max-samples", type=int, default=256)
    ap.add_argument("--select-from", type=int, default=0)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--quantile", type=float, default=0.999)
    ap.add_argument("--scores-out")
    args = ap.parse_args()
    features, x, _ = read_rows(args.data)
    if len(x) < 50:
        raise SystemExit(f"need at least 50 rows to train, got {len(x)}")
    if args.select_from and args.select_from <= args.trees:
        raise SystemExit(f"--select-from ({args.select_from}) must exceed --trees ({args.trees})")
    fitted = args.select_from or args.trees
    model = IsolationForest(n_estimators=fitted, max_samples=min(args.max_samples, len(x)), random_state=args.seed)
    model.fit(x)
    pruning = {}
    if args.select_from:
        err_random, err_selected = prune(model, x, args.trees, args.seed)
        pruning = {"selectedFrom": args.select_from, "pathLengthMseRandom": err_random, "pathLengthMseSelected": err_selected}
    onx = to_onnx(model, x[:1], target_opset={"": 17, "ai.onnx.ml": 3}, options={id(model): {"score_samples": False}})
    compacted = compact(onx)
    check = check_set(x, 1000, args.seed, x.shape[1])
    diffs = verify(onx, compacted, check, model.decision_function(check))  # raises: nothing written
    with open(args.out, "wb") as f:
        f.write(compacted.SerializeToString())
    decision = model.decision_function(x)
    if args.scores_out:
        np.savetxt(args.scores_out, decision, fmt="%.9g")
    train_scores = -decision
    write_sidecar(args.out, {
        "kind": "iforest",
        "schema": {"schemaVersion": 1, "features": features},
        "output": {"name": "scores", "negate": True},
        "threshold": float(np.quantile(train_scores, args.quantile)),
        "params": {"trees": args.trees, "maxSamples": int(min(args.max_samples, len(x))), "seed": args.seed, "quantile": args.quantile, **pruning},
        "dataSummary": {"rows": int(len(x)), **summary(x)},
        "metrics": {"trainScoreP50": float(np.median(train_scores)), "trainScoreP999": float(np.quantile(train_scores, 0.999)),
                    "onnxNodes": len(compacted.graph.node), "onnxMaxAbsDiffVsSklearn": diffs["scoresVsSklearn"],
                    "onnxMaxAbsDiffVsSkl2onnx": diffs["scoresVsOriginal"]},
    })


if __name__ == "__main__":
    main()
