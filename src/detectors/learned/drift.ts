/**
 * Drift of the learned detectors' input: per feature, the population stability index between the training data
 * (its deciles, kept in the registry record) and recent residual vectors. Ten bins at the training deciles each held
 * 10 % of the training rows; PSI = Σ (recent − expected)·ln(recent / expected). The usual reading: below 0.1 stable,
 * 0.1–0.25 moderate, above 0.25 a shift worth retraining for.
 */
export const PSI_DRIFT = 0.25;

export interface FeatureDrift {
  feature: string;
  psi: number;
  drifted: boolean;
}

export interface DriftReport {
  rows: number;
  features: FeatureDrift[];
  drifted: boolean;
  /** The feature with the largest PSI. */
  worst: FeatureDrift | null;
}

/** `deciles[f]` = the 9 cut points of feature f in training; `recent` = rows × features, row-major. */
export function populationStability(features: readonly string[], deciles: readonly (readonly number[])[], recent: Float32Array, threshold = PSI_DRIFT): DriftReport {
  const width = features.length;
  const rows = Math.floor(recent.length / width);
  const out: FeatureDrift[] = features.map((feature, f) => {
    const cuts = deciles[f] ?? [];
    const counts = new Array<number>(cuts.length + 1).fill(0);
    for (let r = 0; r < rows; r++) {
      const v = recent[r * width + f]!;
      let bin = 0;
      while (bin < cuts.length && v > cuts[bin]!) bin++;
      counts[bin]!++;
    }
    // Ties at a cut (a feature that is 0 most of the time) make bins uneven in training too: expected shares come
    // from the distinct cut points, merged where equal.
    const expected = expectedShares(cuts);
    let psi = 0;
    for (let b = 0; b < counts.length; b++) {
      const e = Math.max(expected[b]!, 1e-4);
      const a = Math.max(rows ? counts[b]! / rows : 0, 1e-4);
      if (expected[b]! === 0 && counts[b]! === 0) continue;
      psi += (a - e) * Math.log(a / e);
    }
    return { feature, psi, drifted: rows > 0 && psi > threshold };
  });
  const worst = out.reduce<FeatureDrift | null>((w, d) => (w === null || d.psi > w.psi ? d : w), null);
  return { rows, features: out, drifted: out.some((d) => d.drifted), worst };
}

/** Share of training rows per bin: 10 % each, but bins between equal cut points are empty and their share moves up. */
function expectedShares(cuts: readonly number[]): number[] {
  const shares = new Array<number>(cuts.length + 1).fill(0.1);
  for (let i = 1; i < cuts.length; i++) {
    if (cuts[i] === cuts[i - 1]) {
      shares[i + 1]! += shares[i]!;
      shares[i] = 0;
    }
  }
  return shares;
}
