/** Conversions between domain values and Cypher parameters/results (integers, bytes, time bounds). */
import neo4j from 'neo4j-driver';
import type { NodeKind } from '../../core/index.js';

type CypherInt = ReturnType<typeof neo4j.int>;

/**
 * Epoch ms, counts: sent as Cypher Integer. A JS number parameter becomes a Cypher Float, and the
 * (caller, callee, resolution, windowStart) key must compare the same way on every write.
 */
export const int = (n: number): CypherInt => neo4j.int(Math.trunc(n));

/** Open time bounds become the widest integers so every range predicate stays an index range seek. */
export const lowerBound = (ms: number | undefined): CypherInt => (ms === undefined ? neo4j.int(Number.MIN_SAFE_INTEGER) : int(Math.floor(ms)));
export const upperBound = (ms: number | undefined): CypherInt => (ms === undefined ? neo4j.int(Number.MAX_SAFE_INTEGER) : int(Math.ceil(ms)));

/** A driver Integer (lossless mode), bigint or number as a JS number; null stays null. */
export function num(v: unknown): number | null {
  if (v === null || v === undefined) return null;
  if (neo4j.isInt(v)) return (v as CypherInt).toNumber();
  if (typeof v === 'bigint') return Number(v);
  return Number(v);
}

/** Like `num` for values the query guarantees present (sums, keys). */
export const toNumber = (v: unknown): number => num(v) ?? 0;

/** The driver packs Int8Array as Cypher bytes; sketches travel as they are stored. */
export const toCypherBytes = (b: Uint8Array | null): Int8Array | null => (b === null ? null : new Int8Array(b.buffer, b.byteOffset, b.byteLength));

/** Cypher bytes come back as an Int8Array; callers get a plain Uint8Array copy (as from the SQL stores). */
export function fromCypherBytes(v: unknown): Uint8Array | null {
  if (v === null || v === undefined) return null;
  if (ArrayBuffer.isView(v)) return new Uint8Array(v.buffer.slice(v.byteOffset, v.byteOffset + v.byteLength));
  if (Array.isArray(v)) return Uint8Array.from(v as number[]);
  return null;
}

export const LABEL_OF: Record<NodeKind, string> = { service: 'Service', database: 'Database', external: 'ExternalService' };
/** Calls between services are CALLS; a service using a database or an external system ACCESSES it. */
export const relTypeOf = (kind: NodeKind): 'CALLS' | 'ACCESSES' => (kind === 'service' ? 'CALLS' : 'ACCESSES');

export function toKind(v: unknown): NodeKind {
  return v === 'database' || v === 'external' ? v : 'service';
}

/** Hop bounds are spliced into query text (Cypher cannot parameterize them), so only plain integers pass. */
export function hopBound(hops: number | undefined): string {
  if (hops === undefined || !Number.isFinite(hops)) return '';
  return String(Math.max(0, Math.floor(hops)));
}
