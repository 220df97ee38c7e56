import type { SimOperation } from './types.js';

export interface OpStats { op: SimOperation; count: number; errors: number; sumMs: number }
export interface DbUse { service: string; db: string; calls: number; busyMs: number }

/** What the request walk observed in one minute, from which the resource and runtime metrics are derived. */
export class MinuteStats {
  readonly ops = new Map<string, Map<string, OpStats>>();
  readonly db = new Map<string, DbUse>();

  server(service: string, op: SimOperation, durationMs: number, error: boolean): void {
    let byOp = this.ops.get(service);
    if (!byOp) this.ops.set(service, (byOp = new Map()));
    let s = byOp.get(op.name);
    if (!s) byOp.set(op.name, (s = { op, count: 0, errors: 0, sumMs: 0 }));
    s.count++;
    s.sumMs += durationMs;
    if (error) s.errors++;
  }

  dbCall(service: string, db: string, durationMs: number): void {
    const key = `${service} ${db}`;
    let u = this.db.get(key);
    if (!u) this.db.set(key, (u = { service, db, calls: 0, busyMs: 0 }));
    u.calls++;
    u.busyMs += durationMs;
  }

  requests(service: string): number {
    let n = 0;
    for (const s of this.ops.get(service)?.values() ?? []) n += s.count;
    return n;
  }
}
