/** Bounds what a tool result puts into the model's context, with a note saying what was cut. */
export function truncateJson(value: unknown, maxChars: number): string {
  const full = JSON.stringify(value);
  if (full.length <= maxChars) return full;
  const cut = shrink(value, maxChars);
  return `${JSON.stringify(cut)}\n[truncated: the full result was ${full.length} characters; narrow the window, filter by service or aggregate]`;
}

/** Drops array tails (longest first) until the JSON fits; falls back to a plain prefix. */
function shrink(value: unknown, maxChars: number): unknown {
  let v = structuredClone(value);
  for (let i = 0; i < 40 && JSON.stringify(v).length > maxChars; i++) {
    const arr = longestArray(v);
    if (!arr || arr.length <= 1) break;
    const keep = Math.max(1, Math.floor(arr.length / 2));
    arr.splice(keep, arr.length - keep);
  }
  const s = JSON.stringify(v);
  if (s.length > maxChars) v = s.slice(0, maxChars);
  return v;
}

function longestArray(v: unknown): unknown[] | null {
  let best: unknown[] | null = null;
  const visit = (x: unknown) => {
    if (Array.isArray(x)) {
      if (!best || JSON.stringify(x).length > JSON.stringify(best).length) best = x;
      x.forEach(visit);
    } else if (x && typeof x === 'object') Object.values(x).forEach(visit);
  };
  visit(v);
  return best;
}
