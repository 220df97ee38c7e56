/** The service sets a condition or signature can look at: the root, its direct callers, or the whole incident. */
import type { Incident, NodeKind, ServiceGraph } from '../../core/index.js';
import type { Scope } from '../knowledge-schema.js';

export interface Scopes {
  rootService: string | null;
  rootKind: NodeKind;
  /** Services that call the root directly, sorted. */
  callers: string[];
  sets: Record<Scope, ReadonlySet<string>>;
}

export function scopesOf(incident: Incident, graph: ServiceGraph): Scopes {
  const rootService = incident.rootCauses[0]?.service ?? incident.services[0] ?? null;
  const kinds = new Map((graph?.nodes ?? []).map((n) => [n.name, n.kind] as const));
  const callers = new Set<string>();
  for (const e of graph?.edges ?? []) {
    if (e.to === rootService && e.from !== rootService && (kinds.get(e.from) ?? 'service') === 'service') callers.add(e.from);
  }
  const any = new Set([...incident.services, ...incident.anomalies.map((a) => a.service)]);
  if (rootService) any.add(rootService);
  return {
    rootService,
    rootKind: (rootService && kinds.get(rootService)) || 'service',
    callers: [...callers].sort(),
    sets: { root: new Set(rootService ? [rootService] : []), callers, any },
  };
}
