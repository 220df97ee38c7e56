/** PromQL syntax check with the official grammar (@prometheus-io/lezer-promql): error position and metric names. */
import { parser } from '@prometheus-io/lezer-promql';

export type PromqlCheck = { ok: true; metrics: string[] } | { ok: false; position: number; message: string };

export function checkPromql(expr: string): PromqlCheck {
  if (!expr.trim()) return { ok: false, position: 0, message: 'empty PromQL expression' };
  const tree = parser.parse(expr);
  let errorAt: number | null = null;
  const metrics = new Set<string>();
  tree.iterate({
    enter(n) {
      if (n.type.isError && errorAt === null) errorAt = n.from;
      // The metric name of a selector is the Identifier directly under VectorSelector.
      if (n.name === 'Identifier' && n.node.parent?.name === 'VectorSelector') metrics.add(expr.slice(n.from, n.to));
    },
  });
  if (errorAt !== null) {
    const at: number = errorAt;
    const near = expr.slice(Math.max(0, at - 15), at + 15);
    return { ok: false, position: at, message: `PromQL parse error at character ${at} (near "${near}"${at >= expr.length ? ', the expression ends too early' : ''})` };
  }
  return { ok: true, metrics: [...metrics] };
}
