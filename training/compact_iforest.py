"""Turns skl2onnx's Isolation Forest graph into one TreeEnsembleRegressor over all trees, same `scores` output.

    python compact_iforest.py --in model.onnx --out compact.onnx [--rows 5000] [--seed 0] [--data rows.csv]
                              [--update-sidecar]

(`--data`: also check on up to 5,000 rows of a training CSV; `--update-sidecar`: in `<out>.json`, replace sha256 and
record the node count and the measured difference, keeping threshold and everything else.)

Why: skl2onnx emits ~27 nodes per tree (a one-tree TreeEnsembleRegressor that returns the leaf id, two
LabelEncoders leaf → sample count and leaf → decision-path length, then the average-path-length arithmetic in
float32), ~2,700 nodes for 100 trees; onnxruntime spends its time dispatching them (~50k rows/s per core). Every
term of a tree's contribution depends on the leaf only, so it folds into the leaf's weight:

    weight(leaf) = path_length(leaf) + c(n_samples(leaf)) - 1        (scikit-learn's _compute_score_samples)
    c(n) = 0 for n <= 1, 1 for n == 2, 2 (ln(n - 1) + euler_gamma) - 2 (n - 1) / n otherwise

and one TreeEnsembleRegressor (aggregate SUM) gives the per-row sum the original graph feeds its `Sum` node. The
nodes after that `Sum` (÷ n_trees·c(max_samples), 2^-x, − offset_, and the `label` output) are copied unchanged, so
the input, the outputs and their meaning stay the same. Each tree's feature ids are mapped through the `Gather` in
front of it (scikit-learn's estimators_features_ when features are subsampled).

Nothing is written unless the compact graph's `scores` (and the per-row sum) equal the original graph's within
`TOLERANCE` on the check rows (onnx.reference.ReferenceEvaluator runs both).
"""
import argparse
import json
import sys

import numpy as np
import onnx
from onnx import helper, numpy_helper
from onnx.reference import ReferenceEvaluator

from common import read_rows, write_sidecar

TOLERANCE = 1e-5
EULER_GAMMA = np.euler_gamma


def average_path_length(n):
    """scikit-learn's _average_path_length for one leaf's sample count (float64)."""
    n = float(n)
    if n <= 1.0:
        return 0.0
    if n == 2.0:
        return 1.0
    return 2.0 * (np.log(n - 1.0) + EULER_GAMMA) - 2.0 * (n - 1.0) / n


def _attrs(node):
    return {a.name: helper.get_attribute_value(a) for a in node.attribute}


class _Graph:
    """Who produces and who reads each tensor, and the initializers' values."""

    def __init__(self, model):
        self.g = model.graph
        self.inits = {i.name: numpy_helper.to_array(i) for i in self.g.initializer}
        self.producer = {o: n for n in self.g.node for o in n.output}
        self.consumers = {}
        for n in self.g.node:
            for i in n.input:
                self.consumers.setdefault(i, []).append(n)

    def consumers_of_type(self, name, op):
        return [n for n in self.consumers.get(name, []) if n.op_type == op]


def _tree_of(graph, ter, x_name):
    """One skl2onnx tree: (attributes, feature map, leaf → sample count, leaf → path length)."""
    a = _attrs(ter)
    if len(set(a["nodes_treeids"])) != 1 or a.get("n_targets", 1) != 1:
        raise ValueError(f"{ter.name}: expected one tree with one target")
    if list(a["target_weights"]) != [float(i) for i in a["target_nodeids"]]:
        raise ValueError(f"{ter.name}: expected the tree to output its leaf id (target_weights == target_nodeids)")
    if a.get("post_transform", b"NONE") not in (b"NONE", "NONE") or a.get("base_values"):
        raise ValueError(f"{ter.name}: unexpected post_transform/base_values")
    src = ter.input[0]
    if src == x_name:
        fmap = None
    else:
        gather = graph.producer[src]
        if gather.op_type != "Gather" or gather.input[0] != x_name or _attrs(gather).get("axis", 0) != 1:
            raise ValueError(f"{ter.name}: input is neither X nor Gather(X, axis=1)")
        fmap = np.asarray(graph.inits[gather.input[1]], dtype=np.int64)
    samples = lengths = None
    for cast in graph.consumers_of_type(ter.output[0], "Cast"):
        for enc in graph.consumers_of_type(cast.output[0], "LabelEncoder"):
            ea = _attrs(enc)
            table = dict(zip(ea["keys_int64s"], ea["values_floats"]))
            # The sample-count chain is the one compared with 2 (Equal/Greater: c(2) = 1, c(n > 2) = the log formula).
            reshapes = graph.consumers_of_type(enc.output[0], "Reshape")
            ops = {n.op_type for r in reshapes for n in graph.consumers.get(r.output[0], [])}
            if {"Equal", "Greater"} <= ops:
                samples = table
            else:
                lengths = table
    if samples is None or lengths is None:
        raise ValueError(f"{ter.name}: could not find both LabelEncoders (sample count, path length)")
    return a, fmap, samples, lengths


def compact(model):
    """The compact ModelProto for a skl2onnx IsolationForest ModelProto."""
    graph = _Graph(model)
    x_name = model.graph.input[0].name
    sums = [n for n in model.graph.node if n.op_type == "Sum"]
    if len(sums) != 1:
        raise ValueError(f"expected one Sum node over the trees, found {len(sums)}")
    total = sums[0]
    ters = [n for n in model.graph.node if n.op_type == "TreeEnsembleRegressor"]
    if len(ters) != len(total.input):
        raise ValueError(f"{len(ters)} trees but the Sum adds {len(total.input)} terms")

    nodes = {k: [] for k in ("nodes_treeids", "nodes_nodeids", "nodes_featureids", "nodes_modes", "nodes_values",
                             "nodes_truenodeids", "nodes_falsenodeids", "nodes_hitrates", "nodes_missing_value_tracks_true")}
    targets = {k: [] for k in ("target_treeids", "target_nodeids", "target_ids", "target_weights")}
    for t, ter in enumerate(ters):
        a, fmap, samples, lengths = _tree_of(graph, ter, x_name)
        n = len(a["nodes_nodeids"])
        nodes["nodes_treeids"] += [t] * n
        nodes["nodes_nodeids"] += list(a["nodes_nodeids"])
        feats = np.asarray(a["nodes_featureids"], dtype=np.int64)
        nodes["nodes_featureids"] += (feats if fmap is None else fmap[feats]).tolist()
        nodes["nodes_modes"] += list(a["nodes_modes"])
        nodes["nodes_values"] += list(a["nodes_values"])
        nodes["nodes_truenodeids"] += list(a["nodes_truenodeids"])
        nodes["nodes_falsenodeids"] += list(a["nodes_falsenodeids"])
        nodes["nodes_hitrates"] += list(a.get("nodes_hitrates", [1.0] * n))
        nodes["nodes_missing_value_tracks_true"] += list(a.get("nodes_missing_value_tracks_true", [0] * n))
        for leaf in a["target_nodeids"]:
            targets["target_treeids"].append(t)
            targets["target_nodeids"].append(leaf)
            targets["target_ids"].append(0)
            # computed in float64 as scikit-learn does, stored as float32 (the attribute's type)
            targets["target_weights"].append(lengths[leaf] + average_path_length(samples[leaf]) - 1.0)

    forest = helper.make_node("TreeEnsembleRegressor", [x_name], [total.output[0]], name="forest_path_lengths",
                              domain="ai.onnx.ml", n_targets=1, aggregate_function="SUM", post_transform="NONE",
                              **nodes, **targets)
    tail, tail_inits = _downstream(model.graph, graph, total.output[0])
    g = helper.make_graph([forest, *tail], model.graph.name + "_compact", list(model.graph.input),
                          list(model.graph.output), tail_inits)
    out = helper.make_model(g, opset_imports=list(model.opset_import), producer_name="otlp-aiops compact_iforest",
                            ir_version=model.ir_version)
    onnx.checker.check_model(out)
    return out


def _downstream(g, graph, start):
    """Every node fed (transitively) by `start`, in graph order, and the initializers they read."""
    known = {start}
    tail = []
    for n in g.node:  # skl2onnx writes nodes in topological order
        if any(i in known for i in n.input):
            missing = [i for i in n.input if i not in known and i not in graph.inits]
            if missing:
                raise ValueError(f"{n.name} after the Sum also reads {missing}")
            tail.append(n)
            known.update(n.output)
    names = {i for n in tail for i in n.input}
    return tail, [i for i in g.initializer if i.name in names]


def _with_output(model, name):
    """A copy of `model` that also outputs the intermediate tensor `name` (to compare the per-row sums)."""
    m = onnx.ModelProto()
    m.CopyFrom(model)
    m.graph.output.append(helper.make_tensor_value_info(name, onnx.TensorProto.FLOAT, None))
    return m


def check_rows(n, seed, width=8):
    """Residual-like rows: mostly N(0, 1), some clipped extremes (|z| ≤ 10) and exact zeros (missing values)."""
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n, width))
    x[rng.random((n, width)) < 0.05] *= 5
    x[rng.random((n, width)) < 0.2] = 0
    return np.clip(x, -10, 10).astype(np.float32)


def check_set(training_rows, n_random, seed, width, max_training=5000):
    """What the export is checked on: up to `max_training` training rows (the reference evaluator walks trees in
    Python: bound the check's time) and `n_random` residual-like rows."""
    parts = [] if training_rows is None else [training_rows[np.sort(np.random.default_rng(seed).permutation(len(training_rows))[:max_training])]]
    return np.concatenate([*parts, check_rows(n_random, seed, width)])


def verify(original, compacted, x, expected_scores=None):
    """Max abs differences: compact vs original scores and sums, and vs `expected_scores` (e.g. scikit-learn's
    decision_function); raises if any exceeds TOLERANCE."""
    sum_name = compacted.graph.node[0].output[0]
    x_name = original.graph.input[0].name
    o_scores, o_sum = ReferenceEvaluator(_with_output(original, sum_name)).run(["scores", sum_name], {x_name: x})
    c_scores, c_sum = ReferenceEvaluator(_with_output(compacted, sum_name)).run(["scores", sum_name], {x_name: x})
    diffs = {
        "scoresVsOriginal": float(np.max(np.abs(c_scores.ravel() - o_scores.ravel()))),
        "pathLengthSumVsOriginal": float(np.max(np.abs(c_sum.ravel() - o_sum.ravel()))),
    }
    if expected_scores is not None:
        diffs["scoresVsSklearn"] = float(np.max(np.abs(c_scores.ravel().astype(np.float64) - expected_scores)))
    bad = {k: v for k, v in diffs.items() if k.startswith("scores") and not v <= TOLERANCE}
    if bad:
        raise ValueError(f"compact graph disagrees (max abs difference > {TOLERANCE}): {bad}")
    return diffs


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--in", dest="src", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--rows", type=int, default=5000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--data")
    ap.add_argument("--update-sidecar", action="store_true")
    args = ap.parse_args()
    original = onnx.load(args.src)
    compacted = compact(original)
    width = original.graph.input[0].type.tensor_type.shape.dim[1].dim_value
    x = check_set(read_rows(args.data)[1] if args.data else None, args.rows, args.seed, width)
    diffs = verify(original, compacted, x)
    data = compacted.SerializeToString()
    with open(args.out, "wb") as f:
        f.write(data)
    print(f"{len(original.graph.node)} → {len(compacted.graph.node)} nodes; max abs difference on {len(x)} rows: {diffs}",
          file=sys.stderr)
    if args.update_sidecar:
        with open(args.out + ".json") as f:
            meta = json.load(f)
        meta["metrics"].update({"onnxNodes": len(compacted.graph.node), "onnxMaxAbsDiffVsSkl2onnx": diffs["scoresVsOriginal"]})
        write_sidecar(args.out, meta)  # new sha256 of the compact file, the rest kept


if __name__ == "__main__":
    main()
