"""Shared by the training scripts: read residual rows, summarise them for drift checks, write the sidecar."""
import csv
import hashlib
import json
import sys

import numpy as np


def read_rows(path):
    """CSV written by `aiops models export`: a header of feature names (schema v1), then one residual vector per row.
    Sequence exports add a `series` column first; rows of one series are consecutive and in window order."""
    with open(path, newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        series, rows = [], []
        has_series = header[0] == "series"
        for rec in reader:
            if has_series:
                series.append(rec[0])
                rec = rec[1:]
            rows.append([float(x) for x in rec])
    features = header[1:] if has_series else header
    return features, np.asarray(rows, dtype=np.float32), series


def summary(x):
    """Per-feature median and deciles: what drift tests compare recent windows with."""
    qs = np.quantile(x, np.linspace(0.1, 0.9, 9), axis=0).T
    return {"featureMedians": np.median(x, axis=0).round(6).tolist(), "featureQuantiles": qs.round(6).tolist()}


def write_sidecar(onnx_path, meta):
    with open(onnx_path, "rb") as f:
        meta["sha256"] = hashlib.sha256(f.read()).hexdigest()
    with open(onnx_path + ".json", "w") as f:
        json.dump(meta, f, indent=2)
    print(json.dumps(meta), file=sys.stdout)
