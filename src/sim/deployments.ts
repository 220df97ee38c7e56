/**
 * Releases in the simulated system. The `diverse` profile rolls out 1–3 harmless versions (no fault, so a deployment
 * alone must not page or be blamed), and a fault spec with `withDeployment` ships its fault in a new version of its
 * target from the fault's first minute. Versions are what the spans' resource reports; the pipeline learns of a
 * release only from there. A ROLLBACK returns the service to the version before its latest release.
 */
import { rng, tag } from './random.js';
import type { FaultSpec, SimAction, SimDeployment, SimProfile, Topology } from './types.js';
import type { MinuteEffects } from './faults.js';
import { serviceEffects } from './faults.js';

/** Releases for a run: harmless ones from the seed (diverse), the fault's own when it ships with one. */
export function planDeployments(seed: number, topo: Topology, profile: SimProfile, fault: { spec: FaultSpec; target: string } | null): SimDeployment[] {
  const out: SimDeployment[] = [];
  const current = new Map(topo.services.map((s) => [s.name, s.version]));
  const release = (service: string, atMinute: number, faulty: boolean, minor: boolean) => {
    const previousVersion = current.get(service)!;
    const version = nextVersion(previousVersion, minor);
    current.set(service, version);
    out.push({ service, atMinute, version, previousVersion, faulty });
  };
  const planned: { service: string; atMinute: number; faulty: boolean }[] = [];
  if (profile === 'diverse') {
    // Own stream, independent of the fault: the minutes before a fault equal those of the same seed without one.
    const r = rng(seed, tag('deployments'));
    const n = r.int(1, 3);
    for (let k = 0; k < n; k++) planned.push({ service: r.pick(topo.services).name, atMinute: r.int(5, 240), faulty: false });
  }
  const shipsWithRelease = fault !== null && fault.spec.withDeployment === true && topo.services.some((s) => s.name === fault.target);
  if (shipsWithRelease) planned.push({ service: fault.target, atMinute: fault.spec.atMinute, faulty: true });
  planned.sort((a, b) => a.atMinute - b.atMinute);
  for (const p of planned) release(p.service, p.atMinute, p.faulty, p.faulty);
  return out;
}

/** `1.4.2` → `1.4.3` (patch) or `1.5.0` (minor). */
export function nextVersion(v: string, minor: boolean): string {
  const [major = 1, mi = 0, patch = 0] = v.split('.').map(Number);
  return minor ? `${major}.${mi + 1}.0` : `${major}.${mi}.${patch + 1}`;
}

/**
 * Sets each released service's version for minute i. A ROLLBACK at or after the latest release returns to the
 * version before it (and effectsAt has already removed a faulty release's fault).
 */
export function applyDeployments(fx: MinuteEffects, deployments: readonly SimDeployment[], actions: readonly SimAction[], i: number): void {
  const latest = new Map<string, SimDeployment>();
  for (const d of deployments) if (d.atMinute <= i) latest.set(d.service, d);
  for (const [service, d] of latest) {
    const rolledBack = actions.some((a) => a.type === 'ROLLBACK' && a.service === service && a.atMinute >= d.atMinute && a.atMinute <= i);
    serviceEffects(fx, service).version = rolledBack ? d.previousVersion : d.version;
  }
}
