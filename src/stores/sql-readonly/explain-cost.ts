/** Reads the planner's `Total Cost` from `EXPLAIN (FORMAT JSON)` output, whichever way the driver decoded it. */
export function totalCost(planCell: unknown): number | null {
  const doc = typeof planCell === 'string' ? (JSON.parse(planCell) as unknown) : planCell;
  const first = Array.isArray(doc) ? (doc[0] as { Plan?: Record<string, unknown> } | undefined) : undefined;
  const cost = first?.Plan?.['Total Cost'];
  return typeof cost === 'number' && Number.isFinite(cost) ? cost : null;
}
