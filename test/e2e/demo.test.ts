// `aiops demo --json` for every fault kind: the whole path embedded (simulator → OTLP/HTTP → pipeline → PGlite),
// one JSON document, and an incident whose top root cause is the injected node.
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/index.js';
import type { Incident } from '../../src/core/index.js';
import { FAULT_KINDS, type FaultKind } from '../../src/core/fault-kinds.js';

async function demo(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(['demo', ...args], { out: (t) => (out += t + '\n'), err: (t) => (err += t + '\n'), env: {} });
  return { code, out, err };
}

describe('aiops demo', () => {
  // The fault class the causal ranking should name for each injected kind.
  const CLASS: Record<FaultKind, string> = { latency: 'latency', errors: 'errors', cpu: 'cpu', memory: 'memory', db: 'database', network: 'network', traffic: 'traffic' };
  for (const fault of FAULT_KINDS) {
    it(`finds the injected ${fault} fault and names its root cause`, { timeout: 120_000 }, async () => {
      const r = await demo(['--json', '--fault', fault]);
      expect(r.code).toBe(0);
      const doc = JSON.parse(r.out) as { fault: { service: string; kind: string; at: string }; incidents: Incident[] };
      expect(doc.fault.kind).toBe(fault);
      const during = doc.incidents.filter((i) => Date.parse(i.firstAnomalyAt) >= Date.parse(doc.fault.at) - 60_000);
      expect(during.length).toBeGreaterThan(0);
      expect(during[0]!.rootCauses[0]?.service).toBe(doc.fault.service);
      expect(during[0]!.rootCauses[0]!.evidence.length).toBeGreaterThan(0);
      expect(during[0]!.rootCauses[0]!.faultType).toBe(CLASS[fault]);
    });
  }

  it('rejects a bad fault kind with exit code 2 and names it', async () => {
    const r = await demo(['--fault', 'gremlins']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--fault must be one of/);
  });
});
