/**
 * The configuration schema: every key with its env name, default and doc. `loadConfig` (config.ts) is the
 * only reader of `process.env` in the product.
 */
import { z } from 'zod';
import { parseDuration } from './duration.js';

const duration = (min = 1) =>
  z.string().transform((s, ctx) => {
    const ms = parseDuration(s);
    if (ms === null || ms < min) {
      ctx.addIssue({ code: 'custom', message: `expected a duration like 30s, 5m, 1h (got "${s}")` });
      return z.NEVER;
    }
    return ms;
  });

const port = z.coerce.number().int().min(0).max(65535);
const optionalString = z.string().min(1).optional();
const url = (protocols: string[]) =>
  z.string().refine((s) => {
    try {
      return protocols.includes(new URL(s).protocol.replace(/:$/, ''));
    } catch {
      return false;
    }
  }, `expected a URL with scheme ${protocols.join(' or ')}`);
const csv = z.string().transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean));
/** `otlp_proto`, or `otlp_json,otlp_logs=otlp_proto`: a default plus per-topic overrides. */
const KAFKA_ENCODINGS = ['otlp_proto', 'otlp_json'] as const;
const kafkaEncodings = csv.transform((items, ctx) => {
  const out: { default: (typeof KAFKA_ENCODINGS)[number]; topics: Record<string, (typeof KAFKA_ENCODINGS)[number]> } = { default: 'otlp_proto', topics: {} };
  for (const item of items) {
    const [topic, enc] = item.includes('=') ? item.split('=', 2).map((x) => x.trim()) : [undefined, item];
    if (!(KAFKA_ENCODINGS as readonly string[]).includes(enc ?? '') || topic === '') {
      ctx.addIssue({ code: 'custom', message: `expected otlp_proto or otlp_json, optionally as topic=encoding (got "${item}")` });
      return z.NEVER;
    }
    if (topic === undefined) out.default = enc as (typeof KAFKA_ENCODINGS)[number];
    else out.topics[topic] = enc as (typeof KAFKA_ENCODINGS)[number];
  }
  return out;
});

/** Env name → schema. Doc strings feed the README table and `aiops help`. */
export const ENV_SCHEMA = {
  AIOPS_DATA_DIR: { schema: z.string().min(1).default('./.aiops'), doc: 'embedded PGlite data when DATABASE_URL is unset' },
  DATABASE_URL: { schema: url(['postgres', 'postgresql']).optional(), doc: 'Postgres or TimescaleDB' },
  AIOPS_HOST: { schema: z.string().min(1).default('127.0.0.1'), doc: 'bind address' },
  AIOPS_OTLP_PORT: { schema: port.default(4318), doc: 'OTLP/HTTP receiver' },
  AIOPS_OTLP_GRPC_PORT: { schema: port.default(4317), doc: 'OTLP/gRPC receiver' },
  AIOPS_HTTP_PORT: { schema: port.default(8080), doc: 'HTTP API, /slack/events, /metrics, /healthz' },
  AIOPS_WINDOW: { schema: duration(1000).prefault('60s'), doc: 'feature window' },
  AIOPS_ALLOWED_LATENESS: { schema: duration(0).prefault('30s'), doc: 'event-time lateness before a window closes' },
  AIOPS_IDLE_FLUSH: { schema: duration(1000).prefault('90s'), doc: 'wall time without data after which a service’s open windows close' },
  AIOPS_MAX_BODY: { schema: z.coerce.number().int().min(1024).default(8 * 1024 * 1024), doc: 'OTLP body limit in bytes (compressed and decompressed)' },
  AIOPS_QUEUE_ITEMS: { schema: z.coerce.number().int().min(100).default(200_000), doc: 'bounded ingest queue size in items; full → 429' },
  AIOPS_MAX_FUTURE_SKEW: { schema: duration(0).prefault('10m'), doc: 'telemetry further in the future than this is rejected' },
  AIOPS_MAX_PAST_AGE: { schema: duration(60_000).prefault('7d'), doc: 'telemetry older than this is rejected (partial success, `too_old`); default the raw-window retention' },
  AIOPS_OTLP_TOKEN: { schema: optionalString, doc: 'when set, OTLP requests need `Authorization: Bearer <token>` (401 otherwise)' },
  AIOPS_MAX_SERVICES: { schema: z.coerce.number().int().min(1).default(5000), doc: 'distinct service.names admitted per hour; items of new services beyond it are refused (429 + Retry-After)' },
  AIOPS_MAX_OPERATIONS: { schema: z.coerce.number().int().min(1).default(200), doc: 'span names per service window; more fold into `__other__`' },
  AIOPS_MAX_EDGES: { schema: z.coerce.number().int().min(1).default(200), doc: 'callees per service window; more fold into `__other__`' },
  AIOPS_MAX_CONNECTIONS: { schema: z.coerce.number().int().min(1).default(1024), doc: 'open connections per listener (OTLP and API)' },
  AIOPS_REQUEST_TIMEOUT: { schema: duration(100).prefault('30s'), doc: 'a request (headers and body) must arrive within this on both listeners (408)' },
  AIOPS_LOG_LEVEL: { schema: z.enum(['debug', 'info', 'warn', 'error']).default('info'), doc: 'log level (logs go to stderr, redacted)' },
  NEO4J_URI: { schema: url(['neo4j', 'neo4j+s', 'bolt', 'bolt+s']).optional(), doc: 'service graph in Neo4j instead of Postgres' },
  NEO4J_USER: { schema: optionalString, doc: 'Neo4j user' },
  NEO4J_PASSWORD: { schema: optionalString, doc: 'Neo4j password' },
  KAFKA_BROKERS: { schema: csv.optional(), doc: 'consume the Collector kafka exporter output' },
  KAFKA_TOPICS: { schema: csv.prefault('otlp_spans,otlp_metrics,otlp_logs'), doc: 'Kafka topics (spans, metrics, logs)' },
  KAFKA_GROUP_ID: { schema: z.string().min(1).default('otlp-aiops'), doc: 'Kafka consumer group' },
  KAFKA_CLIENT_ID: { schema: z.string().min(1).default('otlp-aiops'), doc: 'Kafka client id (broker logs, quotas)' },
  KAFKA_ENCODING: { schema: kafkaEncodings.prefault('otlp_proto'), doc: 'message encoding as the Collector kafka exporter names it: otlp_proto or otlp_json; per topic with topic=encoding (e.g. otlp_proto,otlp_logs=otlp_json)' },
  KAFKA_DLQ_TOPIC: { schema: z.string().min(1).default('otlp_dlq'), doc: 'dead-letter topic for messages that cannot be ingested (reason in headers)' },
  KAFKA_SCALE_OUT: { schema: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'), doc: 'several instances in one group: each aggregates its partitions and publishes mergeable partial windows; the owner of the partials topic merges, detects and opens incidents (README, "Several instances")' },
  KAFKA_PARTIALS_TOPIC: { schema: optionalString, doc: 'internal topic of partial windows and partition markers with KAFKA_SCALE_OUT (one partition; default `<KAFKA_GROUP_ID>-partials`, created if missing)' },
  KAFKA_TLS: { schema: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'), doc: 'TLS to the brokers' },
  KAFKA_TLS_CA_FILE: { schema: optionalString, doc: 'PEM CA bundle for the brokers (default: system CAs)' },
  KAFKA_TLS_CERT_FILE: { schema: optionalString, doc: 'PEM client certificate (mutual TLS)' },
  KAFKA_TLS_KEY_FILE: { schema: optionalString, doc: 'PEM client key (mutual TLS)' },
  KAFKA_SASL_MECHANISM: { schema: z.enum(['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512']).optional(), doc: 'SASL mechanism (with KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD)' },
  KAFKA_SASL_USERNAME: { schema: optionalString, doc: 'SASL user' },
  KAFKA_SASL_PASSWORD: { schema: optionalString, doc: 'SASL password' },
  PROMETHEUS_URL: { schema: url(['http', 'https']).optional(), doc: 'PromQL execution for queries and tools' },
  SLACK_BOT_TOKEN: { schema: z.string().regex(/^xoxb-/, 'expected a bot token starting with xoxb-').optional(), doc: 'Slack bot token' },
  SLACK_SIGNING_SECRET: { schema: optionalString, doc: 'Slack signing secret (HTTP mode)' },
  SLACK_APP_TOKEN: { schema: z.string().regex(/^xapp-/, 'expected an app token starting with xapp-').optional(), doc: 'Socket Mode instead of HTTP' },
  SLACK_API_URL: { schema: url(['http', 'https']).optional(), doc: 'Slack Web API base URL override' },
  SLACK_INCIDENT_CHANNEL: { schema: optionalString, doc: 'channel for incident threads' },
  SLACK_APPROVERS: { schema: csv.prefault(''), doc: 'user or usergroup IDs allowed to approve' },
  AIOPS_LLM: { schema: z.string().regex(/^(openai|anthropic|openai-compatible|langchain-openai|langchain-anthropic|ollama):.+$/, 'expected openai:<model>, anthropic:<model>, openai-compatible:<model>, langchain-openai:<model>, langchain-anthropic:<model> or ollama:<model>').optional(), doc: 'LLM provider and model: the vendor SDKs (openai, anthropic, openai-compatible) or LangChain chat models (langchain-openai, langchain-anthropic, ollama: a local model through its OpenAI-compatible API)' },
  AIOPS_LLM_ANONYMIZE: { schema: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'), doc: 'true: service, host, namespace and user names are replaced by stable aliases before anything reaches the model, and restored in its answer' },
  OPENAI_API_KEY: { schema: optionalString, doc: 'OpenAI key (SDK variable)' },
  OPENAI_BASE_URL: { schema: url(['http', 'https']).optional(), doc: 'OpenAI-compatible base URL' },
  ANTHROPIC_API_KEY: { schema: optionalString, doc: 'Anthropic key (SDK variable)' },
  ANTHROPIC_BASE_URL: { schema: url(['http', 'https']).optional(), doc: 'Anthropic base URL' },
  TEMPORAL_ADDRESS: { schema: optionalString, doc: 'durable remediations on Temporal (host:port)' },
  TEMPORAL_NAMESPACE: { schema: z.string().min(1).default('default'), doc: 'Temporal namespace' },
  TEMPORAL_TASK_QUEUE: { schema: z.string().min(1).default('otlp-aiops'), doc: 'Temporal task queue' },
  KUBECONFIG: { schema: optionalString, doc: 'Kubernetes executor config (in-cluster, then ~/.kube/config)' },
  AIOPS_DETECTOR: { schema: z.enum(['seasonal', 'iforest', 'sequence', 'ensemble']).default('seasonal'), doc: 'anomaly detector: the seasonal baseline, one learned ONNX model, or the ensemble of all three (registry active models, else the shipped ones)' },
  AIOPS_ONNX_EP: { schema: z.enum(['cpu', 'cuda']).default('cpu'), doc: 'cuda scores detector models on a GPU when the CUDA execution provider is present (else CPU, with one log line)' },
  AIOPS_EXECUTOR: { schema: z.enum(['dry-run', 'kubernetes']).default('dry-run'), doc: 'dry-run records what would be done' },
  AIOPS_APPROVAL_TIMEOUT: { schema: duration(1000).prefault('30m'), doc: 'an action not decided by then expires' },
  AIOPS_ACTIONS_ENABLED: { schema: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'), doc: 'false is the kill switch: no mutating remediation is proposed or executed' },
  AIOPS_ALLOWED_NAMESPACES: { schema: csv.optional(), doc: 'namespaces where mutating actions may run (unset: all)' },
  AIOPS_MAX_CONCURRENT_ACTIONS: { schema: z.coerce.number().int().min(1).max(100).default(3), doc: 'mutating actions proposed, approved or running at once' },
  AIOPS_APPROVAL_THRESHOLD: { schema: z.coerce.number().min(0).max(1).default(0.7), doc: 'risk above this needs a human approval (two approvers for ROLLBACK and risk ≥ 0.9)' },
  AIOPS_VERIFY_WINDOWS: { schema: z.coerce.number().int().min(1).max(60).default(5), doc: 'feature windows a remediation has to bring the features back to baseline before it is compensated' },
  AIOPS_ALERT_SERVICE_LABELS: { schema: csv.prefault('service,service_name,job,deployment,pod,container,app,app_kubernetes_io_name'), doc: 'Alertmanager alert labels tried in order to find the service an alert is about' },
  AIOPS_ALERT_JOIN_WINDOW: { schema: duration(0).prefault('15m'), doc: 'an alert joins an incident that started at most this long after it, or resolved at most this long before it' },
  AIOPS_API_TOKENS_FILE: { schema: optionalString, doc: 'JSON array of {id, sha256 (hex SHA-256 of the bearer token), identity, roles: read|propose|decide}: who may call the HTTP API' },
  AIOPS_OIDC_ISSUER: { schema: optionalString, doc: 'accept OIDC/JWT bearer tokens from this issuer (with AIOPS_OIDC_AUDIENCE and a JWKS)' },
  AIOPS_OIDC_AUDIENCE: { schema: optionalString, doc: 'the audience an OIDC token must name' },
  AIOPS_OIDC_JWKS_URL: { schema: url(['https', 'http']).optional(), doc: 'the issuer’s JWKS endpoint' },
  AIOPS_OIDC_JWKS_FILE: { schema: optionalString, doc: 'a JWKS JSON file instead of a URL (offline clusters, tests)' },
  AIOPS_OIDC_ROLES_CLAIM: { schema: z.string().min(1).default('roles'), doc: 'claim holding read/propose/decide (array or space-separated)' },
  AIOPS_OIDC_IDENTITY_CLAIM: { schema: z.string().min(1).default('sub'), doc: 'claim holding the approver id Slack uses' },
  AIOPS_INSECURE_API: { schema: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'), doc: 'only true lets the API listen beyond loopback without authentication' },
  AIOPS_METRICS_PUBLIC: { schema: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'), doc: 'true serves /metrics without a credential' },
  AIOPS_ALLOWED_HOSTS: { schema: csv.optional(), doc: 'Host header names the API answers (default: localhost, 127.0.0.1, ::1 and the bind address; * allows any)' },
} as const;

export type EnvName = keyof typeof ENV_SCHEMA;
