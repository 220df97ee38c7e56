"""GRU autoencoder over sequences of residual vectors (schema v1), exported with torch.onnx.export.

    python train_sequence.py --data seq.csv --out sequence.onnx [--seq-len 8] [--hidden 16] [--epochs 30] [--seed 7]

Input (batch, seq_len, features); output `score` (batch): the mean squared reconstruction error of the sequence,
with the last window weighted as much as all the others together (a fault shows first in the newest window).
The threshold is the `quantile` of the training sequences' scores. Deterministic for a seed on CPU.
"""
import argparse

import numpy as np
import torch
from torch import nn

from common import read_rows, summary, write_sidecar


class GruAutoencoder(nn.Module):
    def __init__(self, features, hidden):
        super().__init__()
        self.encoder = nn.GRU(features, hidden, batch_first=True)
        self.decoder = nn.GRU(hidden, hidden, batch_first=True)
        self.out = nn.Linear(hidden, features)

    def reconstruct(self, x):
        _, h = self.encoder(x)
        seq = h[-1].unsqueeze(1).repeat(1, x.shape[1], 1)
        y, _ = self.decoder(seq)
        return self.out(y)

    def forward(self, x):
        err = (self.reconstruct(x) - x) ** 2
        per_step = err.mean(dim=2)
        return 0.5 * per_step[:, :-1].mean(dim=1) + 0.5 * per_step[:, -1]


def sequences(x, series, seq_len):
    out, start = [], 0
    for i in range(1, len(series) + 1):
        if i == len(series) or series[i] != series[start]:
            for j in range(start, i - seq_len + 1):
                out.append(x[j:j + seq_len])
            start = i
    return np.asarray(out, dtype=np.float32)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seq-len", type=int, default=8)
    ap.add_argument("--hidden", type=int, default=16)
    ap.add_argument("--epochs", type=int, default=30)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--quantile", type=float, default=0.999)
    args = ap.parse_args()
    torch.manual_seed(args.seed)
    np.random.seed(args.seed)
    torch.use_deterministic_algorithms(True)
    torch.set_num_threads(1)
    features, x, series = read_rows(args.data)
    seqs = sequences(x, series, args.seq_len)
    if len(seqs) < 50:
        raise SystemExit(f"need at least 50 sequences, got {len(seqs)}")
    model = GruAutoencoder(len(features), args.hidden)
    opt = torch.optim.Adam(model.parameters(), lr=3e-3)
    data = torch.from_numpy(seqs)
    gen = torch.Generator().manual_seed(args.seed)
    for epoch in range(args.epochs):
        perm = torch.randperm(len(data), generator=gen)
        total = 0.0
        for b in range(0, len(data), 256):
            batch = data[perm[b:b + 256]]
            loss = model(batch).mean()
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += float(loss) * len(batch)
    model.eval()
    with torch.no_grad():
        scores = model(data).numpy()
    torch.onnx.export(model, data[:2], args.out, input_names=["x"], output_names=["score"],
                      dynamic_axes={"x": {0: "batch"}, "score": {0: "batch"}}, opset_version=17)
    write_sidecar(args.out, {
        "kind": "sequence",
        "schema": {"schemaVersion": 1, "features": features, "seqLen": args.seq_len},
        "output": {"name": "score", "negate": False},
        "threshold": float(np.quantile(scores, args.quantile)),
        "params": {"seqLen": args.seq_len, "hidden": args.hidden, "epochs": args.epochs, "seed": args.seed, "quantile": args.quantile},
        "dataSummary": {"rows": int(len(x)), "sequences": int(len(seqs)), **summary(x)},
        "metrics": {"trainLoss": total / len(data), "trainScoreP50": float(np.median(scores)), "trainScoreP999": float(np.quantile(scores, 0.999))},
    })


if __name__ == "__main__":
    main()
