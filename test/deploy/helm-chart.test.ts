/**
 * The Helm chart (deploy/helm/otlp-aiops): values cover every AIOPS_/KAFKA_/NEO4J_/TEMPORAL_ setting of
 * src/config/schema.ts; `helm lint` passes; `helm template` with several value sets renders manifests that hold the
 * chart's promises (non-root, read-only root filesystem, probes on /healthz, resources, the remediation RBAC of
 * deploy/remediation-rbac.yaml per namespace, secrets by reference). The manifests are checked structurally here,
 * and validated by kubeconform (strict: unknown fields and wrong types fail) against the JSON schemas of Kubernetes
 * v1.34's OpenAPI document, made offline by scripts/k8s-schemas.sh (skipped, saying why, when they cannot be made).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments, parse } from 'yaml';
import { ENV_SCHEMA } from '../../src/config/schema.js';

const CHART = 'deploy/helm/otlp-aiops';
const values = parse(readFileSync(join(CHART, 'values.yaml'), 'utf8')) as { config: Record<string, unknown>; secretEnv: Record<string, unknown> };
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- rendered manifests are untyped JSON
type Json = any;
/** Set by the chart from other values: the tokens file comes from apiTokens.existingSecret. */
const CHART_MANAGED = new Set(['AIOPS_API_TOKENS_FILE']);

describe('chart values', () => {
  it('have a key for every AIOPS_, KAFKA_, NEO4J_ and TEMPORAL_ setting of the config schema', () => {
    const settings = Object.keys(ENV_SCHEMA).filter((n) => /^(AIOPS|KAFKA|NEO4J|TEMPORAL)_/.test(n));
    const inChart = new Set([...Object.keys(values.config), ...Object.keys(values.secretEnv), ...CHART_MANAGED]);
    expect(settings.filter((n) => !inChart.has(n))).toEqual([]);
    // And nothing the program does not know (a typo would be silently ignored at run time).
    expect([...inChart].filter((n) => !(n in ENV_SCHEMA))).toEqual([]);
  });

  it('take secrets only by reference', () => {
    for (const name of ['DATABASE_URL', 'NEO4J_PASSWORD', 'KAFKA_SASL_PASSWORD', 'AIOPS_OTLP_TOKEN', 'SLACK_BOT_TOKEN', 'OPENAI_API_KEY', 'ANTHROPIC_API_KEY']) {
      expect(values.secretEnv).toHaveProperty(name);
      expect(values.config).not.toHaveProperty(name);
    }
  });
});

const HELM = [process.env.HELM_BIN, join(homedir(), '.cache/otlp-aiops/bin/helm'), '/usr/local/bin/helm', '/usr/bin/helm'].find((p) => p && existsSync(p));

type Doc = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string> }; spec?: Record<string, unknown>; rules?: unknown[] };

function template(sets: string[]): Doc[] {
  const out = execFileSync(HELM!, ['template', 'rel', CHART, '--namespace', 'aiops', ...sets.flatMap((s) => ['--set', s])], { encoding: 'utf8' });
  return parseAllDocuments(out).map((d) => d.toJS() as Doc).filter(Boolean);
}

const byKind = (docs: Doc[], kind: string) => docs.filter((d) => d.kind === kind);
const KINDS: Record<string, string> = { Deployment: 'apps/v1', Service: 'v1', ServiceAccount: 'v1', Role: 'rbac.authorization.k8s.io/v1', RoleBinding: 'rbac.authorization.k8s.io/v1', NetworkPolicy: 'networking.k8s.io/v1', PodDisruptionBudget: 'policy/v1' };

describe.skipIf(!HELM)(`helm ${HELM ? '' : '(skipped: no helm binary; CI builds helm.sh/helm/v4 into ~/.cache/otlp-aiops/bin)'}`, () => {
  it('lints', () => {
    expect(execFileSync(HELM!, ['lint', CHART, '--strict'], { encoding: 'utf8' })).toMatch(/1 chart\(s\) linted, 0 chart\(s\) failed/);
  });

  it('renders a hardened Deployment with probes, resources and settings from values', () => {
    const docs = template(['config.AIOPS_LLM=ollama:llama3.1', 'config.AIOPS_WINDOW=30s']);
    expect(docs.map((d) => d.kind).sort()).toEqual(['Deployment', 'Service', 'ServiceAccount']);
    for (const d of docs) {
      expect(d.apiVersion).toBe(KINDS[d.kind]);
      expect(d.metadata.name).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
    }
    const dep = byKind(docs, 'Deployment')[0]! as unknown as { spec: { selector: { matchLabels: Record<string, string> }; template: { metadata: { labels: Record<string, string> }; spec: Record<string, Json> } } };
    const pod = dep.spec.template.spec;
    for (const [k, v] of Object.entries(dep.spec.selector.matchLabels)) expect(dep.spec.template.metadata.labels[k]).toBe(v);
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000 });
    expect(pod.automountServiceAccountToken).toBe(false);
    const c = pod.containers[0];
    expect(c.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    expect(c.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
    expect(c.readinessProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
    expect(c.resources.limits).toEqual({ cpu: '2', memory: '2Gi' });
    const env = c.env as { name: string; value?: string }[];
    expect(new Set(env.map((e) => e.name)).size).toBe(env.length);
    expect(env).toEqual(expect.arrayContaining([{ name: 'AIOPS_LLM', value: 'ollama:llama3.1' }, { name: 'AIOPS_WINDOW', value: '30s' }, { name: 'AIOPS_HOST', value: '0.0.0.0' }, { name: 'AIOPS_HTTP_PORT', value: '8080' }]));
    for (const e of env) expect(ENV_SCHEMA).toHaveProperty(e.name);
    // The read-only root filesystem leaves only the data and tmp volumes writable.
    expect(c.volumeMounts.map((m: { mountPath: string }) => m.mountPath).sort()).toEqual(['/data', '/tmp']);
  });

  it('renders the remediation RBAC of deploy/remediation-rbac.yaml in each target namespace, secrets by reference, NetworkPolicy and PDB', () => {
    const docs = template(['remediation.namespaces={shop,payments}', 'networkPolicy.enabled=true', 'podDisruptionBudget.enabled=true', 'apiTokens.existingSecret=aiops-tokens', 'secretEnv.DATABASE_URL.secretName=aiops-db', 'secretEnv.DATABASE_URL.key=url', 'config.AIOPS_EXECUTOR=kubernetes']);
    const reference = parseAllDocuments(readFileSync('deploy/remediation-rbac.yaml', 'utf8')).map((d) => d.toJS() as Doc).find((d) => d.kind === 'Role')!;
    const roles = byKind(docs, 'Role');
    expect(roles.map((r) => r.metadata.namespace).sort()).toEqual(['payments', 'shop']);
    for (const r of roles) expect(r.rules).toEqual(reference.rules);
    for (const b of byKind(docs, 'RoleBinding')) expect(b).toMatchObject({ subjects: [{ kind: 'ServiceAccount', name: 'rel-otlp-aiops', namespace: 'aiops' }], roleRef: { kind: 'Role', name: 'rel-otlp-aiops-remediation' } });
    expect(byKind(docs, 'NetworkPolicy')).toHaveLength(1);
    expect(byKind(docs, 'PodDisruptionBudget')[0]!.spec).toMatchObject({ minAvailable: 1 });
    const c = (byKind(docs, 'Deployment')[0]!.spec as Json).template.spec.containers[0];
    expect(c.env).toEqual(expect.arrayContaining([
      { name: 'DATABASE_URL', valueFrom: { secretKeyRef: { name: 'aiops-db', key: 'url' } } },
      { name: 'AIOPS_API_TOKENS_FILE', value: '/etc/otlp-aiops/api-tokens/tokens.json' },
      { name: 'AIOPS_ALLOWED_NAMESPACES', value: 'shop,payments' },
    ]));
    expect(JSON.stringify(docs)).not.toMatch(/kind":"Secret"/);
    expect((byKind(docs, 'Deployment')[0]!.spec as Json).template.spec.automountServiceAccountToken).toBe(true);
  });

  it('refuses a secret reference without a key', () => {
    expect(() => template(['secretEnv.OPENAI_API_KEY.secretName=llm'])).toThrow(/secretEnv.OPENAI_API_KEY.key is required/);
  });
});

const KUBECONFORM = join(homedir(), '.cache/otlp-aiops/bin/kubeconform');
const SCHEMAS = join(homedir(), '.cache/otlp-aiops/k8s-schemas/v1.34.4-standalone-strict');
const CAN_VALIDATE = Boolean(HELM) && existsSync(KUBECONFORM) && existsSync(join(SCHEMAS, 'deployment-apps-v1.json'));

/** kubeconform on a manifest stream: exit status and its text report. */
function kubeconform(yaml: string): { status: number | null; out: string } {
  const file = join(mkdtempSync(join(tmpdir(), 'chart-')), 'rendered.yaml');
  writeFileSync(file, yaml);
  const r = spawnSync(KUBECONFORM, ['-strict', '-summary', '-schema-location', `${SCHEMAS}/{{ .ResourceKind }}{{ .KindSuffix }}.json`, file], { encoding: 'utf8' });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

describe.skipIf(!CAN_VALIDATE)(`helm template against the Kubernetes schemas ${CAN_VALIDATE ? '' : '(skipped: no helm, kubeconform or schemas; run scripts/k8s-schemas.sh, as .ci/run does)'}`, () => {
  const render = (sets: string[]) => execFileSync(HELM!, ['template', 'rel', CHART, '--namespace', 'aiops', ...sets.flatMap((s) => ['--set', s])], { encoding: 'utf8' });
  const full = ['remediation.namespaces={shop,payments}', 'networkPolicy.enabled=true', 'podDisruptionBudget.enabled=true', 'apiTokens.existingSecret=aiops-tokens', 'secretEnv.DATABASE_URL.secretName=aiops-db', 'secretEnv.DATABASE_URL.key=url', 'config.AIOPS_EXECUTOR=kubernetes'];

  it('validates every rendered resource, with the defaults and with every optional part on', () => {
    const defaults = kubeconform(render([]));
    expect(defaults.out).toMatch(/3 resources found in 1 file - Valid: 3, Invalid: 0, Errors: 0, Skipped: 0/);
    expect(defaults.status).toBe(0);
    const everything = kubeconform(render(full));
    // Deployment, Service, ServiceAccount, NetworkPolicy, PDB, and a Role + RoleBinding per namespace (2).
    expect(everything.out).toMatch(/9 resources found in 1 file - Valid: 9, Invalid: 0, Errors: 0, Skipped: 0/);
    expect(everything.status).toBe(0);
  });

  it('rejects what the API server would: an unknown field and a wrong type', () => {
    const yaml = render([]);
    const typo = kubeconform(yaml.replace(/\n( +)readOnlyRootFilesystem: true/, '\n$1readOnlyRootFilesystem: "yes"'));
    expect(typo.status).toBe(1);
    expect(typo.out).toMatch(/readOnlyRootFilesystem.*got string, want null or boolean/);
    const unknown = kubeconform(yaml.replace(/\n( +)automountServiceAccountToken: false/, '\n$1automountServiceAccountToken: false\n$1hostNetwrk: true'));
    expect(unknown.status).toBe(1);
    expect(unknown.out).toMatch(/additional properties 'hostNetwrk' not allowed/);
  });
});
