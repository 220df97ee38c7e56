/**
 * The fault kinds the simulator injects and every evaluation scores: the one list (simulator, `aiops demo`,
 * `aiops eval detect`, benchmarks). Subsets (the remediation evaluation's, the knowledge base's fault patterns)
 * are declared where they are used and typed against this one.
 */
export type FaultKind = 'latency' | 'errors' | 'cpu' | 'memory' | 'db' | 'network' | 'traffic';

export const FAULT_KINDS: readonly FaultKind[] = ['latency', 'errors', 'cpu', 'memory', 'db', 'network', 'traffic'];

export function isFaultKind(s: string): s is FaultKind {
  return (FAULT_KINDS as readonly string[]).includes(s);
}
