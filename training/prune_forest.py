"""Forest pruning: keep the K trees of a fitted IsolationForest whose mean path length best reproduces the whole forest's.

Why: onnxruntime's tree walk costs ~35 ns per tree per row (bench/score), so scoring at 1M rows/s per core allows
about 25 trees; 25 trees drawn at random score much more noisily than 100 (their q0.999 threshold sits in noise).
Greedy forward selection (ensemble pruning) from a larger forest keeps the trees that, together, stay closest to the
large forest's expected path length — no labels are used: the target is the large forest's own score.

The points it is fitted on: the training rows (normal windows) and as many synthetic outliers (a training row with one
feature moved 3–10 robust z away), because the threshold region between the two is where the score must stay right.
"""
import numpy as np


def tree_path_lengths(model, x):
    """Per tree, each row's path length (depth of its leaf + the average path length of the leaf's samples), as sklearn scores it.

    Reads scikit-learn's per-tree arrays (private in 1.9.1, pinned in requirements.txt); train_iforest.py then checks the
    exported graph against the pruned model's decision_function, so a change in those internals cannot ship silently.
    """
    out = np.empty((len(model.estimators_), len(x)))
    for t, (tree, feats) in enumerate(zip(model.estimators_, model.estimators_features_)):
        leaves = tree.apply(np.asarray(x[:, feats], dtype=np.float32))
        out[t] = model._decision_path_lengths[t][leaves] + model._average_path_length_per_tree[t][leaves] - 1.0
    return out


def fit_points(x, seed):
    """The training rows and as many outliers: each a row with one random feature moved by ±(3..10), clipped at ±10 like the residuals."""
    rng = np.random.default_rng(seed)
    out = x.copy()
    cols = rng.integers(0, x.shape[1], len(x))
    shift = rng.uniform(3, 10, len(x)) * rng.choice([-1.0, 1.0], len(x))
    out[np.arange(len(x)), cols] = np.clip(out[np.arange(len(x)), cols] + shift, -10, 10)
    return np.vstack([x, out])


def select_trees(paths, k):
    """Greedy forward selection of k rows of `paths` (trees × points) whose mean is closest (squared error) to the mean of all."""
    target = paths.mean(axis=0)
    chosen, total = [], np.zeros(paths.shape[1])
    left = list(range(len(paths)))
    for n in range(1, k + 1):
        errors = [np.mean(((total + paths[t]) / n - target) ** 2) for t in left]
        best = left.pop(int(np.argmin(errors)))
        chosen.append(best)
        total += paths[best]
    return chosen


def prune(model, x, k, seed):
    """Keeps k of the model's trees (in place) and returns the mean squared path-length error vs the full forest: (random k, selected k)."""
    pts = fit_points(x, seed)
    paths = tree_path_lengths(model, pts)
    chosen = select_trees(paths, k)
    target = paths.mean(axis=0)
    rng = np.random.default_rng(seed)
    random_k = rng.choice(len(paths), k, replace=False)
    err_random = float(np.mean((paths[random_k].mean(axis=0) - target) ** 2))
    err_selected = float(np.mean((paths[chosen].mean(axis=0) - target) ** 2))
    model.estimators_ = [model.estimators_[t] for t in chosen]
    model.estimators_features_ = [model.estimators_features_[t] for t in chosen]
    model._decision_path_lengths = tuple(model._decision_path_lengths[t] for t in chosen)
    model._average_path_length_per_tree = tuple(model._average_path_length_per_tree[t] for t in chosen)
    model.n_estimators = k
    # sklearn's estimators_samples_ is derived from per-tree seeds: keep them aligned for anyone who reads it.
    if hasattr(model, "_seeds"):
        model._seeds = model._seeds[chosen]
    return err_random, err_selected
