/**
 * Non-negative least squares for a handful of regressors: the causal-effect estimate of each graph parent on a
 * variable, adjusted for the other parents (regressing on all parents blocks the back-door paths between them).
 * Coefficients are kept ≥ 0 because a parent getting worse never makes its child better here.
 */

/** Coefficients b ≥ 0 minimising |y − X·b|² (+ a tiny ridge so collinear parents stay solvable). X: rows × p. */
export function nnls(X: readonly Float64Array[], y: Float64Array): Float64Array {
  const p = X[0]?.length ?? 0;
  // Columns in their own units (bytes next to milliseconds) are scaled to unit norm first, so the ridge is
  // equally small for every parent; coefficients are scaled back at the end.
  const norms = new Float64Array(p);
  for (const row of X) for (let j = 0; j < p; j++) norms[j] += row[j] * row[j];
  for (let j = 0; j < p; j++) norms[j] = Math.sqrt(norms[j]) || 1;
  const scaled = X.map((row) => row.map((v, j) => v / norms[j]));
  return solveNnls(scaled, y, p).map((b, j) => b / norms[j]);
}

function solveNnls(X: readonly Float64Array[], y: Float64Array, p: number): Float64Array {
  const active = new Set<number>(Array.from({ length: p }, (_, j) => j));
  let b = new Float64Array(p);
  for (let round = 0; round <= p; round++) {
    const idx = [...active];
    if (!idx.length) return new Float64Array(p);
    const sol = solveRidge(X, y, idx);
    b = new Float64Array(p);
    idx.forEach((j, k) => (b[j] = sol[k]));
    let worst = -1;
    for (const j of idx) if (b[j] < 0 && (worst < 0 || b[j] < b[worst])) worst = j;
    if (worst < 0) return b;
    active.delete(worst);
  }
  return b.map((v) => Math.max(0, v));
}

function solveRidge(X: readonly Float64Array[], y: Float64Array, idx: readonly number[]): number[] {
  const k = idx.length;
  const A = Array.from({ length: k }, () => new Float64Array(k + 1));
  for (let r = 0; r < X.length; r++) {
    const row = X[r];
    for (let a = 0; a < k; a++) {
      const xa = row[idx[a]];
      for (let c = 0; c < k; c++) A[a][c] += xa * row[idx[c]];
      A[a][k] += xa * y[r];
    }
  }
  let trace = 0;
  for (let a = 0; a < k; a++) trace += A[a][a];
  const ridge = Math.max(1e-12, (trace / k) * 1e-6);
  for (let a = 0; a < k; a++) A[a][a] += ridge;
  return gaussSolve(A);
}

/** Gaussian elimination with partial pivoting on an augmented k × (k+1) matrix. */
function gaussSolve(A: Float64Array[]): number[] {
  const k = A.length;
  for (let c = 0; c < k; c++) {
    let piv = c;
    for (let r = c + 1; r < k; r++) if (Math.abs(A[r][c]) > Math.abs(A[piv][c])) piv = r;
    [A[c], A[piv]] = [A[piv], A[c]];
    const d = A[c][c];
    if (Math.abs(d) < 1e-300) continue;
    for (let r = 0; r < k; r++) {
      if (r === c) continue;
      const f = A[r][c] / d;
      if (f === 0) continue;
      for (let j = c; j <= k; j++) A[r][j] -= f * A[c][j];
    }
  }
  return A.map((row, i) => (Math.abs(row[i]) < 1e-300 ? 0 : row[k] / row[i]));
}
