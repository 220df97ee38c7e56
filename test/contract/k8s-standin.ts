/**
 * A stand-in Kubernetes API server (node:http, port 0) for the endpoints the executor uses, written from the
 * Kubernetes API reference: discovery (APIResourceList), Deployments/StatefulSets and their /scale
 * subresource (GET, PATCH), ReplicaSets (list), Istio DestinationRules and EnvoyFilters (GET, POST, DELETE).
 * PATCH accepts strategic-merge and merge patches only (415 otherwise); `dryRun=All` validates without
 * persisting; a stale `metadata.resourceVersion` answers 409; a forbidden namespace answers 403 with a Status.
 * Plain HTTP on loopback, so the kubeconfig sets insecure-skip-tls-verify (client-node refuses http otherwise).
 * A Deployment template change creates a ReplicaSet with the next revision, as the controller would.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- Kubernetes objects are schemaless JSON to a generic API server */
import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

type Obj = Record<string, any>;
export interface Recorded { method: string; path: string; query: string; contentType?: string; body?: Obj; dryRun: boolean; status: number }

const RESOURCES: Record<string, { kind: string; name: string }[]> = {
  'apps/v1': [{ kind: 'Deployment', name: 'deployments' }, { kind: 'StatefulSet', name: 'statefulsets' }, { kind: 'ReplicaSet', name: 'replicasets' }, { kind: 'Scale', name: 'deployments/scale' }, { kind: 'Scale', name: 'statefulsets/scale' }],
  'networking.istio.io/v1': [{ kind: 'DestinationRule', name: 'destinationrules' }],
  'networking.istio.io/v1alpha3': [{ kind: 'EnvoyFilter', name: 'envoyfilters' }],
};
const PATCH_TYPES = ['application/strategic-merge-patch+json', 'application/merge-patch+json'];

function status(code: number, reason: string, message: string, details: Obj = {}): Obj {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, details, code };
}

/** JSON merge patch (RFC 7386); `strategic` merges lists of objects by `name`, as for containers. */
export function mergePatch(target: any, patch: any, strategic: boolean): any {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) {
    if (strategic && Array.isArray(patch) && Array.isArray(target) && patch.every((p) => p && typeof p === 'object' && 'name' in p)) {
      const out = target.map((t: Obj) => ({ ...t }));
      for (const p of patch) {
        const i = out.findIndex((t: Obj) => t.name === p.name);
        if (i >= 0) out[i] = mergePatch(out[i], p, true);
        else out.push(p);
      }
      return out;
    }
    return structuredClone(patch);
  }
  const out: Obj = target && typeof target === 'object' && !Array.isArray(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v, strategic);
  }
  return out;
}

export interface K8sStandIn {
  url: string;
  kubeconfig: string;
  requests: Recorded[];
  objects: Map<string, Obj>;
  forbidden: Set<string>;
  /** Called after a real (not dry-run) write was stored, before the response is sent. */
  afterWrite?: (r: Recorded) => Promise<void> | void;
  /** Called after a GET was answered (a test can change the object behind the reader's back). */
  afterRead?: (r: Recorded) => void;
  put(obj: Obj): Obj;
  get(apiVersion: string, plural: string, ns: string, name: string): Obj | undefined;
  close(): Promise<void>;
}

export async function startK8sStandIn(opts: { forbidden?: string[] } = {}): Promise<K8sStandIn> {
  const objects = new Map<string, Obj>();
  let rv = 100;
  const key = (gv: string, plural: string, ns: string, name: string) => `${gv}/${ns}/${plural}/${name}`;
  const pluralOf = (gv: string, kind: string) => RESOURCES[gv]?.find((r) => r.kind === kind && !r.name.includes('/'))?.name ?? `${kind.toLowerCase()}s`;
  const store = (gv: string, plural: string, obj: Obj) => {
    obj.metadata.resourceVersion = String(++rv);
    objects.set(key(gv, plural, obj.metadata.namespace, obj.metadata.name), obj);
    return obj;
  };
  const put = (obj: Obj) => {
    const o = structuredClone(obj);
    o.metadata = { uid: randomUUID(), generation: 1, ...o.metadata };
    return store(o.apiVersion, pluralOf(o.apiVersion, o.kind), o);
  };

  function newRevision(dep: Obj): void {
    const ns = dep.metadata.namespace;
    const owned = [...objects.values()].filter((o) => o.kind === 'ReplicaSet' && o.metadata.ownerReferences?.some((r: Obj) => r.uid === dep.metadata.uid));
    const next = Math.max(0, ...owned.map((o) => Number(o.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? 0))) + 1;
    dep.metadata.annotations = { ...dep.metadata.annotations, 'deployment.kubernetes.io/revision': String(next) };
    put({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: `${dep.metadata.name}-r${next}`, namespace: ns, annotations: { 'deployment.kubernetes.io/revision': String(next) }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: dep.metadata.name, uid: dep.metadata.uid, controller: true }] }, spec: { replicas: dep.spec.replicas, template: structuredClone(dep.spec.template) } });
  }

  async function handle(req: IncomingMessage, res: ServerResponse, rec: Recorded): Promise<[number, Obj]> {
    const url = new URL(req.url ?? '/', 'http://x');
    const m = /^\/apis\/([^/]+)\/([^/]+)(?:\/namespaces\/([^/]+)\/([^/]+)(?:\/([^/]+)(?:\/(scale))?)?)?$/.exec(url.pathname);
    if (!m) return [404, status(404, 'NotFound', `the server could not find the requested resource ${url.pathname}`)];
    const [, group, version, ns, plural, name, sub] = m;
    const gv = `${group}/${version}`;
    if (!ns) {
      if (!RESOURCES[gv]) return [404, status(404, 'NotFound', `no API group ${gv}`)];
      return [200, { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: gv, resources: RESOURCES[gv]!.map((r) => ({ name: r.name, singularName: '', namespaced: true, kind: r.kind, verbs: ['get', 'list', 'create', 'patch', 'delete'] })) }];
    }
    if (!RESOURCES[gv]?.some((r) => r.name === plural)) return [404, status(404, 'NotFound', `no resource ${plural} in ${gv}`)];
    if (forbidden.has(ns)) {
      const verb = { GET: name ? 'get' : 'list', PATCH: 'patch', POST: 'create', DELETE: 'delete' }[req.method ?? 'GET'];
      return [403, status(403, 'Forbidden', `${plural}${sub ? `/${sub}` : ''} "${name ?? ''}" is forbidden: User "system:serviceaccount:aiops:otlp-aiops" cannot ${verb} resource "${plural}" in API group "${group}" in the namespace "${ns}"`, { name, group, kind: plural })];
    }
    const k = name ? key(gv, plural!, ns, name) : '';
    const current = name ? objects.get(k) : undefined;
    const notFound = (): [number, Obj] => [404, status(404, 'NotFound', `${plural}.${group} "${name}" not found`, { name, group, kind: plural })];
    const asScale = (o: Obj) => ({ kind: 'Scale', apiVersion: 'autoscaling/v1', metadata: { name: o.metadata.name, namespace: ns, resourceVersion: o.metadata.resourceVersion, uid: o.metadata.uid }, spec: { replicas: o.spec.replicas }, status: { replicas: o.spec.replicas } });
    switch (req.method) {
      case 'GET':
        if (!name) return [200, { kind: 'List', apiVersion: gv, metadata: { resourceVersion: String(rv) }, items: [...objects.entries()].filter(([kk]) => kk.startsWith(`${gv}/${ns}/${plural}/`)).map(([, o]) => o) }];
        if (!current) return notFound();
        return [200, sub ? asScale(current) : current];
      case 'PATCH': {
        if (!PATCH_TYPES.includes(rec.contentType ?? '')) return [415, status(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: ${PATCH_TYPES.join(', ')}`)];
        if (!current) return notFound();
        const patch = rec.body ?? {};
        const wantRv = patch.metadata?.resourceVersion;
        if (wantRv !== undefined && wantRv !== current.metadata.resourceVersion) {
          return [409, status(409, 'Conflict', `Operation cannot be fulfilled on ${plural}.${group} "${name}": the object has been modified; please apply your changes to the latest version and try again`, { name, group, kind: plural })];
        }
        const strategic = rec.contentType === PATCH_TYPES[0];
        const next = sub ? mergePatch(current, { spec: { replicas: patch.spec?.replicas } }, strategic) : mergePatch(current, patch, strategic);
        next.metadata.resourceVersion = current.metadata.resourceVersion;
        if (rec.dryRun) return [200, sub ? asScale(next) : next];
        const templateChanged = JSON.stringify(next.spec?.template) !== JSON.stringify(current.spec?.template);
        next.metadata.generation = (current.metadata.generation ?? 1) + (templateChanged || next.spec?.replicas !== current.spec?.replicas ? 1 : 0);
        if (templateChanged && next.kind === 'Deployment') newRevision(next);
        store(gv, plural!, next);
        return [200, sub ? asScale(next) : next];
      }
      case 'POST': {
        const obj = rec.body ?? {};
        const k2 = key(gv, plural!, ns, obj.metadata?.name ?? '');
        if (objects.has(k2)) return [409, status(409, 'AlreadyExists', `${plural}.${group} "${obj.metadata?.name}" already exists`, { name: obj.metadata?.name, group, kind: plural })];
        if (rec.dryRun) return [201, obj];
        return [201, put({ ...obj, metadata: { ...obj.metadata, namespace: ns } })];
      }
      case 'DELETE':
        if (!current) return notFound();
        if (!rec.dryRun) objects.delete(k);
        return [200, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details: { name, group, kind: plural } }];
      default:
        return [405, status(405, 'MethodNotAllowed', `${req.method} is not supported`)];
    }
  }

  const forbidden = new Set(opts.forbidden ?? []);
  const requests: Recorded[] = [];
  const opts2: K8sStandIn = { url: '', kubeconfig: '', requests, objects, forbidden, put, get: (gv, p, ns, n) => objects.get(key(gv, p, ns, n)), close: async () => undefined };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const text = Buffer.concat(chunks).toString('utf8');
      const rec: Recorded = { method: req.method ?? 'GET', path: url.pathname, query: url.search, contentType: req.headers['content-type']?.split(';')[0], body: text ? JSON.parse(text) : undefined, dryRun: url.searchParams.get('dryRun') === 'All', status: 0 };
      void handle(req, res, rec).then(async ([code, body]) => {
        rec.status = code;
        requests.push(rec);
        if (code < 300 && !rec.dryRun && rec.method !== 'GET') await opts2.afterWrite?.(rec);
        const out = JSON.stringify(body);
        res.writeHead(code, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(out) });
        res.end(out);
        if (rec.method === 'GET' && code === 200) opts2.afterRead?.(rec);
      });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  opts2.url = `http://127.0.0.1:${port}`;
  opts2.kubeconfig = join(tmpdir(), `aiops-kubeconfig-${port}-${randomUUID().slice(0, 8)}.yaml`);
  await writeFile(opts2.kubeconfig, `apiVersion: v1\nkind: Config\nclusters:\n- name: standin\n  cluster:\n    server: ${opts2.url}\n    insecure-skip-tls-verify: true\nusers:\n- name: aiops\n  user:\n    token: test-token\ncontexts:\n- name: standin\n  context:\n    cluster: standin\n    user: aiops\n    namespace: default\ncurrent-context: standin\n`);
  opts2.close = () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); });
  return opts2;
}
