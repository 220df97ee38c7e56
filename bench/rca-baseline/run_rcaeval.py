"""Runs RCAEval's offline RCA methods on an RCAEval-layout dataset and scores them at service level.

    python run_rcaeval.py --dataset DIR [--methods baro,nsigma,circa] [--timeout 60]

Run it with the venv that bench/rca-baseline/setup.sh builds. Each case is loaded and cut the way RCAEval's own
main.py does it (read_csv, drop `*_latency-50`, inf -> NaN, ffill, fill 0, at most 600 rows either side of the inject
time) and the method is called with the same arguments main.py passes. Prints one line per case and method, then
`RESULT {"methods": [...]}` last. A method that raises, times out, or falls back to the unranked column order (RCAEval's
@rca wrapper does that on an exception) is a miss for that case, listed with its error: never dropped.
"""
import argparse
import io
import json
import multiprocessing as mp
import os
import sys
import time
import traceback
import warnings

warnings.filterwarnings("ignore")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

# main.py keeps `length` minutes of 1 s samples on each side (default 20 -> 600 rows); the same row count is kept here.
WINDOW_ROWS = 20 * 60 // 2
TOP_K = 5
# Name passed as `dataset=`: any non-None value other than RCAEval's special cases ("causalrca-sock-shop",
# "sock-shop", the re2/re3 multi-source names) makes preprocess() drop the time column and constant columns.
DATASET_NAME = "otlp-aiops"
# Display names; keys are the RCAEval function names.
# RCD is left out: RCAEval's rcd needs its patched causal-learn (local_skeleton_discovery) and main.py allows it
# only on Python 3.8; with stock causal-learn it raises on every case.
LABELS = {"baro": "BARO", "nsigma": "N-Sigma", "circa": "CIRCA"}


def load_method(name):
    # On Python 3.11 RCAEval.e2e's __init__ does not bind baro/circa (its guarded import path is for 3.10/3.12/3.14),
    # so `from RCAEval.e2e import baro` would return the *module* baro. Import each function from its own module.
    if name == "baro":
        from RCAEval.e2e.baro import baro
        return baro
    if name == "circa":
        from RCAEval.e2e.circa import circa
        return circa
    if name == "nsigma":
        from RCAEval.e2e import nsigma
        return nsigma
    raise SystemExit(f"unknown method {name!r}: choose from {', '.join(LABELS)}")


def find_cases(root):
    cases = []
    for dirpath, _dirs, files in os.walk(root):
        if "data.csv" in files and "inject_time.txt" in files:
            cases.append(dirpath)
    return sorted(cases)


def ground_truth(case_dir):
    """`<rootnode>_<fault>` from the case dir, or from its parent when the case dir is a repetition number."""
    name = os.path.basename(os.path.normpath(case_dir))
    if name.isdigit():
        name = os.path.basename(os.path.dirname(os.path.normpath(case_dir)))
    if "_" not in name:
        raise ValueError(f"{case_dir}: case name {name!r} is not <rootnode>_<fault>")
    node, fault = name.rsplit("_", 1)
    return node, fault


def load_case(case_dir):
    with open(os.path.join(case_dir, "inject_time.txt")) as f:
        text = f.read().strip()
    try:
        inject_time = int(text.splitlines()[0].strip())
    except (ValueError, IndexError):
        raise ValueError(f"{case_dir}/inject_time.txt: expected unix seconds, got {text[:40]!r}")
    data = pd.read_csv(os.path.join(case_dir, "data.csv"))
    if "time" not in data.columns:
        raise ValueError(f"{case_dir}/data.csv: no `time` column")
    # As main.py: p50 latency out (RCAEval scores p90 latency), inf as missing, forward fill, then 0.
    data = data.loc[:, ~data.columns.str.endswith("_latency-50")]
    data = data.replace([np.inf, -np.inf], np.nan).ffill().fillna(0)
    normal = data[data["time"] < inject_time].tail(WINDOW_ROWS)
    anomal = data[data["time"] >= inject_time].head(WINDOW_ROWS)
    if normal.empty or anomal.empty:
        raise ValueError(f"{case_dir}: inject time {inject_time} leaves no rows before or after it")
    return pd.concat([normal, anomal], ignore_index=True), inject_time


def node_ranking(columns):
    """Column ranking -> node ranking: the node is the prefix before the last `_`; first occurrence wins."""
    seen, nodes = set(), []
    for col in columns:
        if col == "time":  # CIRCA ranks the time column it re-adds; it is no node
            continue
        node = str(col).rsplit("_", 1)[0]
        if node not in seen:
            seen.add(node)
            nodes.append(node)
    return nodes


def _call_in_child(name, data, inject_time, conn):
    # RCAEval's @rca wrapper turns an exception into a print on stderr plus the unranked column order; capture stderr
    # so that fallback is reported as a failure instead of being scored as a ranking.
    captured = io.StringIO()
    sys.stderr = captured
    try:
        method = load_method(name)
        out = method(
            data,
            inject_time,
            dataset=DATASET_NAME,
            anomalies=None,
            dk_select_useful=False,
            sli=None,
            verbose=False,
            n_iter=len(data.columns) - 1,
        )
        # The wrapper's message (RCAEval/e2e/__init__.py `rca`); its __name__ is "wrapper", so match the text.
        fallback = [ln for ln in captured.getvalue().splitlines() if "returning the unranked column order" in ln]
        if fallback:
            conn.send({"error": f"RCAEval fallback: {fallback[0].strip()}"})
        else:
            conn.send({"ranks": [str(c) for c in out.get("ranks", [])]})
    except BaseException as e:  # noqa: BLE001 - any failure of a third-party method is a scored miss
        tb = traceback.format_exc().strip().splitlines()
        conn.send({"error": f"{type(e).__name__}: {e}".strip()[:300], "where": tb[-3:] if tb else []})
    finally:
        conn.close()


def run_method(name, data, inject_time, timeout_s):
    """Runs one method on one case in a forked child so a hang or a crash costs only that case."""
    parent, child = mp.Pipe(duplex=False)
    proc = mp.get_context("fork").Process(target=_call_in_child, args=(name, data, inject_time, child))
    started = time.monotonic()
    proc.start()
    child.close()
    result = {"error": f"timed out after {timeout_s:g} s"}
    if parent.poll(timeout_s):
        try:
            result = parent.recv()
        except EOFError:
            result = {"error": f"child exited with code {proc.exitcode} without an answer"}
    proc.join(1)
    if proc.is_alive():
        proc.kill()
        proc.join()
    if "error" in result and proc.exitcode not in (0, None) and "timed out" not in result["error"]:
        result["error"] += f" (exit {proc.exitcode})"
    result["seconds"] = round(time.monotonic() - started, 3)
    return result


def score(method_label, per_case):
    n = len(per_case)
    hits = [0] * TOP_K
    by_kind = {}
    for c in per_case:
        rank = c["ranks"].index(c["answer"]) + 1 if c["answer"] in c["ranks"] else None
        c["answerRank"] = rank
        for k in range(1, TOP_K + 1):
            hits[k - 1] += int(rank is not None and rank <= k)
        kind = by_kind.setdefault(c["kind"], {"cases": 0, "ac1": 0})
        kind["cases"] += 1
        kind["ac1"] += int(rank == 1)
    ac = [h / n if n else 0.0 for h in hits]
    for kind in by_kind.values():
        kind["ac1"] = kind["ac1"] / kind["cases"]
    return {
        "method": method_label,
        "cases": n,
        "ac1": ac[0],
        "ac3": ac[2],
        "avg5": sum(ac) / TOP_K,
        "acAtK": ac,
        "byKind": by_kind,
        "failures": sum(1 for c in per_case if "error" in c),
        "perCase": per_case,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", required=True, help="dataset directory (cases at any depth)")
    parser.add_argument("--methods", default="baro", help=f"comma-separated, from: {','.join(LABELS)}")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per method per case; past it = miss")
    args = parser.parse_args()

    methods = [m.strip() for m in args.methods.split(",") if m.strip()]
    for m in methods:
        if m not in LABELS:
            parser.error(f"unknown method {m!r}: choose from {', '.join(LABELS)}")
        load_method(m)  # fail fast on a broken venv, before any case runs
    if not os.path.isdir(args.dataset):
        parser.error(f"--dataset {args.dataset}: not a directory")
    case_dirs = find_cases(args.dataset)
    if not case_dirs:
        parser.error(f"--dataset {args.dataset}: no directory holds both data.csv and inject_time.txt")

    try:
        truths = {case_dir: ground_truth(case_dir) for case_dir in case_dirs}
    except ValueError as e:
        parser.error(str(e))

    per_method = {m: [] for m in methods}
    for case_dir in case_dirs:
        rel = os.path.relpath(case_dir, args.dataset)
        answer, kind = truths[case_dir]
        try:
            data, inject_time = load_case(case_dir)
        except Exception as e:  # noqa: BLE001 - an unreadable case is a miss for every method, and said so
            data, load_error = None, f"load: {type(e).__name__}: {e}"
        for m in methods:
            result = {"error": load_error, "seconds": 0.0} if data is None else run_method(m, data, inject_time, args.timeout)
            entry = {"case": rel, "answer": answer, "kind": kind, "ranks": node_ranking(result.get("ranks", []))[:TOP_K],
                     "seconds": result["seconds"]}
            if "error" in result:
                entry["error"] = result["error"]
            per_method[m].append(entry)
            shown = f"ERROR {entry['error']}" if "error" in entry else " ".join(entry["ranks"][:3])
            hit = "ok  " if entry["ranks"][:1] == [answer] else "miss"
            print(f"{LABELS[m]:8} {hit} {rel}  answer={answer} kind={kind}  top3={shown}  {entry['seconds']:.2f}s",
                  flush=True)

    results = [score(LABELS[m], per_method[m]) for m in methods]
    for r in results:
        print(f"{r['method']}: cases={r['cases']} AC@1={r['ac1']:.3f} AC@3={r['ac3']:.3f} Avg@5={r['avg5']:.3f}"
              f" failures={r['failures']}", flush=True)
    print("RESULT " + json.dumps({"methods": results}), flush=True)


if __name__ == "__main__":
    main()
