// The repository's own rules and fault patterns against one incident per simulator fault kind.
import { beforeAll, describe, expect, it } from 'vitest';
import { decide, decideWithTrace } from '../../../src/decision/engine/decide.js';
import type { ProposedAction } from '../../../src/decision/engine/types.js';
import { loadKnowledge, type Knowledge } from '../../../src/stores/knowledge-fs/load-knowledge.js';
import { anomaly, expectedRisk, incident, input, OFF_PEAK, PEAK } from './builders.js';

let k: Knowledge;
beforeAll(async () => {
  k = await loadKnowledge('knowledge');
});

const run = (over: Omit<Parameters<typeof input>[0], 'rules'>) => decideWithTrace(input({ rules: k.rules, faultPatterns: k.faultPatterns, ...over }));
const types = (actions: ProposedAction[]) => actions.map((a) => `${a.type}:${a.target.service}`);

const memoryLeak = () =>
  incident({ service: 'cart', indicator: 'memory', score: 0.8 }, [anomaly('cart', 'memory', 900, 400), anomaly('cart', 'gcMs', 120, 30, 6)]);

describe('decide with knowledge/', () => {
  it('memory leak → RESTART of the root first, risk 0.7·(2 − conf), plus an ALERT', () => {
    const d = run({ incident: memoryLeak() });
    expect(d.faultPattern).toBe('memory-leak');
    const restart = d.proposed[0]!;
    expect(restart.type).toBe('RESTART');
    expect(restart.target.service).toBe('cart');
    const confidence = 0.8 * 0.9; // root-cause score × rule confidence
    expect(restart.confidence).toBeCloseTo(confidence, 12);
    expect(restart.riskScore).toBeCloseTo(expectedRisk(0.7, { confidence }), 12);
    expect(restart.requiresApproval).toBe(expectedRisk(0.7, { confidence }) > 0.7);
    expect(restart.requiredApprovers).toBe(expectedRisk(0.7, { confidence }) >= 0.9 ? 2 : 1);
    expect(restart.blastRadius).toEqual(['api', 'web']);
    expect(types(d.proposed)).toContain('ALERT:cart');
    expect(types(d.proposed)).not.toContain('ROLLBACK:cart');
  });

  it('the same leak in peak hours, after two failed restarts, is capped at 1 and needs two approvers', () => {
    const history = [{ service: 'cart', actionType: 'RESTART' as const, faultPattern: 'memory-leak', successes: 3, failures: 2, recentFailures: 2 }];
    const restart = decide(input({ rules: k.rules, faultPatterns: k.faultPatterns, incident: memoryLeak(), history, now: PEAK })).find((a) => a.type === 'RESTART')!;
    const want = expectedRisk(0.7, { confidence: 0.72, peak: true, failures: 2 });
    expect(want).toBe(1);
    expect(restart.riskScore).toBe(1);
    expect(restart.requiredApprovers).toBe(2);
    expect(restart.reason.join('\n')).toMatch(/capped at 1/);
  });

  it('a leak that came with a deployment also proposes a ROLLBACK to the previous version, with two approvers', () => {
    const changes = [{ service: 'cart', version: '1.4.0', previousVersion: '1.3.2', at: OFF_PEAK - 20 * 60_000 }];
    const rollback = decide(input({ rules: k.rules, faultPatterns: k.faultPatterns, incident: memoryLeak(), changes })).find((a) => a.type === 'ROLLBACK')!;
    expect(rollback.params).toMatchObject({ toVersion: '1.3.2', fromVersion: '1.4.0' });
    expect(rollback.requiresApproval).toBe(true);
    expect(rollback.requiredApprovers).toBe(2);
  });

  it('latency without a deployment → AUTO_SCALE; with a recent one → ROLLBACK ranked first', () => {
    const inc = incident({ service: 'payments', indicator: 'latency', score: 0.9 }, [anomaly('payments', 'p99Ms', 1200, 200), anomaly('api', 'p99Ms', 1300, 300)]);
    const plain = run({ incident: inc });
    expect(plain.faultPattern).toBe('latency-spike');
    expect(types(plain.proposed)).toEqual(['AUTO_SCALE:payments', 'ALERT:payments']);
    expect(plain.proposed[0]!.params).toMatchObject({ replicas: '+2', maxReplicas: 10 });

    const deployed = run({ incident: inc, changes: [{ service: 'payments', version: 'v7', previousVersion: 'v6', at: OFF_PEAK - 10 * 60_000 }] });
    expect(deployed.proposed[0]!.type).toBe('ROLLBACK');
    expect(types(deployed.proposed)).toContain('AUTO_SCALE:payments');
  });

  it('a deployment older than the recent-change window does not count', () => {
    const inc = incident({ service: 'payments', indicator: 'latency', score: 0.9 }, [anomaly('payments', 'p99Ms', 1200, 200)]);
    const old = [{ service: 'payments', version: 'v7', at: OFF_PEAK - 3 * 3_600_000 }];
    expect(types(run({ incident: inc, changes: old }).proposed)).not.toContain('ROLLBACK:payments');
  });

  it('errors above 20 % → CIRCUIT_BREAK; a fresh deployment → ROLLBACK', () => {
    const inc = incident({ service: 'payments', indicator: 'errors', score: 0.85 }, [anomaly('payments', 'errorRate', 0.35, 0.01), anomaly('payments', 'logError', 80, 2)]);
    const d = run({ incident: inc });
    expect(d.faultPattern).toBe('error-burst');
    expect(types(d.proposed)).toEqual(['CIRCUIT_BREAK:payments', 'ALERT:payments']);
    const withDeploy = run({ incident: inc, changes: [{ service: 'payments', version: 'b', previousVersion: 'a', at: OFF_PEAK - 60_000 }] });
    expect(types(withDeploy.proposed).slice(0, 2)).toEqual(['ROLLBACK:payments', 'CIRCUIT_BREAK:payments']);
  });

  it('CPU saturation under a traffic rise → AUTO_SCALE, resolved against the known replica count and bounded by maxReplicas', () => {
    const inc = incident({ service: 'cart', indicator: 'saturation', score: 0.7 }, [anomaly('cart', 'cpu', 0.95, 0.4), anomaly('cart', 'throughput', 9, 4), anomaly('cart', 'p99Ms', 400, 250)]);
    const scaled = run({ incident: inc, workloads: { cart: { replicas: 3, namespace: 'shop', kind: 'Deployment' } } });
    expect(scaled.faultPattern).toBe('cpu-saturation');
    expect(types(scaled.proposed)).not.toContain('RESTART:cart'); // load explains the cpu: no restart
    const scale = scaled.proposed[0]!;
    expect(scale.type).toBe('AUTO_SCALE');
    expect(scale.params).toMatchObject({ replicas: 5, fromReplicas: 3 });
    expect(scale.target).toEqual({ service: 'cart', namespace: 'shop', kind: 'Deployment' });

    const nearMax = run({ incident: inc, workloads: { cart: { replicas: 11 } } }).proposed.find((a) => a.type === 'AUTO_SCALE')!;
    expect(nearMax.params).toMatchObject({ replicas: 12, fromReplicas: 11 });

    const atMax = run({ incident: inc, workloads: { cart: { replicas: 12 } } });
    expect(atMax.proposed.some((a) => a.type === 'AUTO_SCALE')).toBe(false);
    expect(atMax.dropped.find((x) => x.action.type === 'AUTO_SCALE')!.reason).toMatch(/already at 12 replicas/);
    expect(types(atMax.proposed)).toContain('MANUAL:cart');
  });

  it('CPU saturation at steady traffic → a rolling RESTART first (each request got dearer), AUTO_SCALE second', () => {
    const inc = incident({ service: 'cart', indicator: 'saturation', score: 0.7 }, [anomaly('cart', 'cpu', 0.95, 0.4), anomaly('cart', 'p99Ms', 400, 250)]);
    const d = run({ incident: inc, workloads: { cart: { replicas: 3, namespace: 'shop', kind: 'Deployment' } } });
    expect(types(d.proposed).slice(0, 2)).toEqual(['RESTART:cart', 'AUTO_SCALE:cart']);
    expect(d.proposed[0]!.params).toMatchObject({ strategy: 'rolling' });
    expect(d.proposed[0]!.reason).toContain('throughput steady on cart');
    // A throughput anomaly on a caller is not the root's load: the rule looks at the root only.
    const callerBusy = run({ incident: incident({ service: 'cart', indicator: 'saturation', score: 0.7 }, [anomaly('cart', 'cpu', 0.95, 0.4), anomaly('web', 'throughput', 9, 4)]) });
    expect(types(callerBusy.proposed)[0]).toBe('RESTART:cart');
  });

  it('latency with cpu ×1.5 or more at steady traffic and no deployment → RESTART first, AUTO_SCALE second; with a traffic rise → AUTO_SCALE only', () => {
    const slow = [anomaly('cart', 'p95Ms', 70, 17), anomaly('cart', 'cpu', 0.93, 0.33)];
    const steady = run({ incident: incident({ service: 'cart', indicator: 'latency', score: 0.9 }, slow) });
    expect(types(steady.proposed).slice(0, 2)).toEqual(['RESTART:cart', 'AUTO_SCALE:cart']);
    expect(steady.proposed[0]!.reason).toEqual(expect.arrayContaining(['throughput steady on cart', 'no recent deployment']));
    const loaded = run({ incident: incident({ service: 'cart', indicator: 'latency', score: 0.9 }, [...slow, anomaly('cart', 'throughput', 9, 4)]) });
    expect(types(loaded.proposed)).not.toContain('RESTART:cart');
    expect(types(loaded.proposed)[0]).toBe('AUTO_SCALE:cart');
    const mildCpu = run({ incident: incident({ service: 'cart', indicator: 'latency', score: 0.9 }, [anomaly('cart', 'p95Ms', 70, 17), anomaly('cart', 'cpu', 0.45, 0.33)]) }); // ×1.36
    expect(types(mildCpu.proposed)[0]).toBe('AUTO_SCALE:cart');
  });

  it('a slow database → RATE_LIMIT of each caller and an ALERT to the database owners', () => {
    const inc = incident({ service: 'orders-db', indicator: 'database', score: 0.75 }, [
      anomaly('orders', 'p99Ms', 2000, 300),
      anomaly('api', 'p99Ms', 900, 200),
      anomaly('orders', 'poolUse', 0.98, 0.5),
    ]);
    const d = run({ incident: inc });
    expect(d.faultPattern).toBe('db-slowdown');
    expect(types(d.proposed).sort()).toEqual(['ALERT:orders-db', 'RATE_LIMIT:api', 'RATE_LIMIT:orders']);
    const alert = d.proposed.find((a) => a.type === 'ALERT')!;
    expect(alert.params).toMatchObject({ audience: 'db-owners' });
    expect(alert.reason).toContain('also suggested by rule always-alert');
    for (const rl of d.proposed.filter((a) => a.type === 'RATE_LIMIT')) {
      expect(rl.params).toMatchObject({ dependency: 'orders-db' });
      expect(rl.riskScore).toBeCloseTo(expectedRisk(0.3, { confidence: 0.75 * 0.9 }), 12);
    }
  });

  it('an indicator no rule knows → ALERT and the MANUAL fallback, pattern unknown', () => {
    const d = run({ incident: incident({ service: 'web', indicator: 'network', score: 0.6 }, [anomaly('web', 'p99Ms', 500, 100)]) });
    expect(d.faultPattern).toBe('unknown');
    expect(types(d.proposed)).toEqual(['ALERT:web', 'MANUAL:web']);
    expect(d.proposed[1]!.confidence).toBeCloseTo(0.6 * 0.5, 12);
    expect(d.proposed[1]!.params).toMatchObject({ runbook: 'knowledge/runbooks/network.md' });
  });

  it('a low-severity latency blip gets no scale-out', () => {
    const inc = incident({ service: 'cart', indicator: 'latency', score: 0.5 }, [anomaly('cart', 'p99Ms', 300, 200, 4)], { severity: 'low' });
    expect(types(run({ incident: inc }).proposed)).toEqual(['ALERT:cart', 'MANUAL:cart']);
  });
});
