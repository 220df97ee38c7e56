/**
 * In-memory stand-ins for the ports the pipeline writes to, for tests of the pipeline's own logic (no database to
 * start). Every write is logged in `log` in call order ("features.upsert 3", "state.put pipeline.checkpoint.v1", …);
 * `hold(op)` makes the next calls of that operation wait until `release(op)`; `fail(op, e)` makes them reject.
 * A method the pipeline is not expected to call throws, naming itself.
 */
import type { EdgeWindow, FeatureStore, FeatureWindow, GraphNode, GraphStore, Incident, IncidentStore, StateStore } from '../../src/core/index.js';

type Op = 'features.upsert' | 'graph.upsertNodes' | 'graph.upsertEdges' | 'incidents.save' | 'state.put';

export interface MemoryPorts {
  features: FeatureStore;
  graph: GraphStore;
  incidents: IncidentStore;
  state: StateStore;
  rows: FeatureWindow[];
  edges: EdgeWindow[];
  nodes: GraphNode[];
  saved: Map<string, Incident>;
  kv: Map<string, unknown>;
  log: string[];
  hold(op: Op): void;
  release(op: Op): void;
  fail(op: Op, e: Error | undefined): void;
}

function strict<T extends object>(name: string, impl: Partial<T>): T {
  return new Proxy(impl as T, {
    get(target, prop) {
      if (prop in target || typeof prop === 'symbol' || prop === 'then') return (target as Record<string | symbol, unknown>)[prop];
      return () => {
        throw new Error(`${name}.${String(prop)} is not faked in memory-ports.ts`);
      };
    },
  });
}

export function memoryPorts(): MemoryPorts {
  const gates = new Map<Op, { promise: Promise<void>; open: () => void }>();
  const failures = new Map<Op, Error>();
  const m = { rows: [] as FeatureWindow[], edges: [] as EdgeWindow[], nodes: [] as GraphNode[], saved: new Map<string, Incident>(), kv: new Map<string, unknown>(), log: [] as string[] };
  async function step(op: Op, detail: string | number): Promise<void> {
    await gates.get(op)?.promise;
    const e = failures.get(op);
    if (e) throw e;
    m.log.push(`${op} ${detail}`);
  }
  const upsert = <T>(list: T[], rows: readonly T[], key: (r: T) => string) => {
    for (const r of rows) {
      const i = list.findIndex((x) => key(x) === key(r));
      if (i >= 0) list[i] = r;
      else list.push(r);
    }
  };
  return {
    ...m,
    features: strict<FeatureStore>('features', {
      async upsertWindows(rows) {
        await step('features.upsert', rows.length);
        upsert(m.rows, rows, (w) => `${w.service}|${w.operation}|${w.resolution}|${w.windowStart}`);
      },
      async queryRange(from, to, resolution = '1m', opts) {
        return m.rows.filter((w) => w.windowStart >= from && w.windowStart < to && w.resolution === resolution && (!opts?.serviceLevelOnly || w.operation === ''));
      },
    }),
    graph: strict<GraphStore>('graph', {
      async upsertNodes(nodes) {
        await step('graph.upsertNodes', nodes.length);
        upsert(m.nodes, nodes, (n) => n.name);
      },
      async upsertEdges(edges) {
        await step('graph.upsertEdges', edges.length);
        upsert(m.edges, edges, (e) => `${e.caller}|${e.callee}|${e.resolution}|${e.windowStart}`);
      },
      async getGraph() {
        return { nodes: [], edges: [] };
      },
      async queryInbound() {
        return { windows: [], edges: [] };
      },
    }),
    incidents: strict<IncidentStore>('incidents', {
      async save(incident) {
        await step('incidents.save', `${incident.id} ${incident.status} causes=${incident.rootCauses.length}`);
        m.saved.set(incident.id, structuredClone(incident));
      },
      async list() {
        return [];
      },
    }),
    state: strict<StateStore>('state', {
      async get<T>(key: string) {
        return (m.kv.get(key) as T | undefined) ?? null;
      },
      async put(key, value) {
        await step('state.put', key);
        m.kv.set(key, structuredClone(value));
      },
    }),
    hold(op) {
      let open!: () => void;
      const promise = new Promise<void>((r) => (open = r));
      gates.set(op, { promise, open });
    },
    release(op) {
      gates.get(op)?.open();
      gates.delete(op);
    },
    fail(op, e) {
      if (e) failures.set(op, e);
      else failures.delete(op);
    },
  };
}
