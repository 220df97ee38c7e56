/** The RBAC manifest grants exactly what the executor sends to the stand-in, and nothing broader. */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';

describe('deploy/remediation-rbac.yaml', () => {
  it('is least privilege: no wildcards, no secrets or pods, only the verbs the executor uses', async () => {
    const docs = parseAllDocuments(await readFile(new URL('../../deploy/remediation-rbac.yaml', import.meta.url), 'utf8')).map((d) => d.toJS());
    expect(docs.map((d) => d.kind)).toEqual(['ServiceAccount', 'Role', 'RoleBinding']);
    const rules = docs[1].rules as { apiGroups: string[]; resources: string[]; verbs: string[] }[];
    const flat = rules.flatMap((r) => r.resources.flatMap((res) => r.verbs.map((v) => `${r.apiGroups[0]}/${res}:${v}`)));
    expect(flat.some((x) => x.includes('*'))).toBe(false);
    expect(flat.filter((x) => /secrets|pods|exec/.test(x))).toEqual([]);
    expect(flat).toEqual(expect.arrayContaining(['apps/deployments:get', 'apps/deployments:patch', 'apps/replicasets:list', 'networking.istio.io/destinationrules:create', 'networking.istio.io/envoyfilters:delete']));
    expect(flat.filter((x) => x.startsWith('apps/') && /:(create|delete|update)$/.test(x))).toEqual([]);
    expect(docs[2].roleRef.name).toBe(docs[1].metadata.name);
    expect(docs[2].subjects[0]).toMatchObject({ kind: 'ServiceAccount', name: docs[0].metadata.name, namespace: docs[0].metadata.namespace });
  });
});
