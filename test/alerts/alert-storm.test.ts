/**
 * 200 Alertmanager alerts for one simulated fault, delivered as Alertmanager groups and repeats them, become the
 * one incident our detectors opened for that fault: it lists all 200, and its top root cause is the injected node.
 */
import { describe, expect, it } from 'vitest';
import type { Incident } from '../../src/core/index.js';
import { runScenario } from '../../src/eval/run-scenario.js';
import { notifications, type StormAlert } from './am-storm.js';

describe('an Alertmanager alert storm for one simulated fault', () => {
  it('becomes the one incident that explains it, listing all 200 alerts', { timeout: 240_000 }, async () => {
    let seen: { incidents: Incident[]; metrics: string; posts: number; deliveries: number; fault: string } | undefined;
    await runScenario({
      seed: 7,
      fault: 'latency',
      transport: 'direct',
      async beforeStop(app, sim) {
        const gt = sim.groundTruth!;
        const at = Date.parse(gt.at);
        const ns = sim.topology.namespace;
        // The faulty service and what calls it, directly or through one hop: where symptoms show.
        const callers = (s: string) => sim.topology.services.filter((x) => x.dependsOn.includes(s)).map((x) => x.name);
        const hit = [...new Set([gt.service, ...callers(gt.service), ...callers(gt.service).flatMap(callers)])];
        const names = ['HighLatencyP99', 'SLOBurnRateFast', 'HighErrorRate', 'UpstreamTimeouts', 'PodCpuThrottling'];
        const alerts: StormAlert[] = [];
        // Label styles vary as they do across teams: `service`, kube-prometheus `job`, or only the pod.
        for (let i = 0; alerts.length < 200; i++) {
          const service = hit[i % hit.length]!;
          const alertname = names[Math.floor(i / hit.length) % names.length]!;
          const pod = `${service}-7d9f8b6c4-${(10_000 + i).toString(36).padStart(5, 'a').slice(-5)}`;
          const style = i % 3;
          const labels: Record<string, string> = { alertname, namespace: ns, pod, severity: i % 4 === 0 ? 'critical' : 'warning', ...(style === 0 ? { service } : style === 1 ? { job: `${ns}/${service}` } : {}) };
          alerts.push({ labels, startsAt: at + 60_000 + (i % 40) * 7_500, endsAt: Date.parse(gt.endsAt) + 2 * 60_000 });
        }
        const bodies = notifications(alerts, { groupWaitMs: 30_000, groupIntervalMs: 5 * 60_000, receiver: 'otlp-aiops' });
        let deliveries = 0;
        for (const b of bodies) {
          const r = await app.alerts.receive(b);
          expect(r.ok).toBe(true);
          deliveries += (b.alerts as unknown[]).length;
        }
        // Alertmanager re-sends a notification it is not sure was delivered: the same body again changes nothing.
        await app.alerts.receive(bodies[bodies.length - 1]);
        deliveries += (bodies[bodies.length - 1]!.alerts as unknown[]).length;
        const all = await app.stores.incidents.list({ limit: 1000 });
        seen = { incidents: await Promise.all(all.map(async (i) => (await app.stores.incidents.get(i.id))!)), metrics: await app.metrics.registry.metrics(), posts: bodies.length + 1, deliveries, fault: gt.service };
      },
    });
    const s = seen!;
    const withAlerts = s.incidents.filter((i) => !i.mergedInto && i.alerts?.length);
    expect(withAlerts).toHaveLength(1);
    const incident = withAlerts[0]!;
    expect(incident.kind ?? 'anomaly').toBe('anomaly');
    expect(incident.alerts).toHaveLength(200);
    expect(new Set(incident.alerts!.map((a) => a.fingerprint)).size).toBe(200);
    expect(incident.alerts!.every((a) => a.status === 'resolved')).toBe(true);
    expect(incident.alerts!.every((a) => a.service !== null && a.notifications >= 2)).toBe(true);
    expect(incident.rootCauses[0]!.service).toBe(s.fault);
    expect(s.incidents.filter((i) => i.kind === 'alert' && !i.mergedInto)).toHaveLength(0);
    expect(s.posts).toBeGreaterThan(10);
    expect(s.metrics).toContain('aiops_alerts_received_total{outcome="new"} 200');
    expect(s.metrics).toContain(`aiops_alerts_received_total{outcome="repeat"} ${s.deliveries - 200}`);
    expect(s.metrics).toContain('aiops_alert_incidents_total{outcome="joined"} 200');
    expect(s.metrics).not.toMatch(/aiops_alert_incidents_total\{outcome="opened"\} [1-9]/);
  });
});
