/** Reads and validates the environment once; the result is frozen. The only reader of process.env. */
import { z } from 'zod';
import { AiopsError } from '../core/errors.js';
import { ENV_SCHEMA, type EnvName } from './schema.js';

type Parsed = { [K in EnvName]: z.output<(typeof ENV_SCHEMA)[K]['schema']> };

export interface Config {
  dataDir: string;
  databaseUrl: string | undefined;
  host: string;
  otlpPort: number;
  otlpGrpcPort: number;
  httpPort: number;
  windowMs: number;
  allowedLatenessMs: number;
  idleFlushMs: number;
  maxBodyBytes: number;
  queueItems: number;
  maxFutureSkewMs: number;
  /** Ingest hardening: age bound, OTLP bearer token (a secret: never logged), cardinality budgets, listener limits. */
  ingestGuard: {
    maxPastAgeMs: number;
    otlpToken: string | undefined;
    maxServices: number;
    maxOperations: number;
    maxEdges: number;
    maxConnections: number;
    requestTimeoutMs: number;
  };
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** Which detector the pipeline runs, and where learned models score. */
  detector: { mode: 'seasonal' | 'iforest' | 'sequence' | 'ensemble'; executionProvider: 'cpu' | 'cuda' };
  neo4j: { uri: string; user: string | undefined; password: string | undefined } | undefined;
  kafka: KafkaConfig | undefined;
  prometheusUrl: string | undefined;
  slack: {
    botToken: string | undefined;
    signingSecret: string | undefined;
    appToken: string | undefined;
    apiUrl: string | undefined;
    incidentChannel: string | undefined;
    approvers: string[];
  };
  llm: { provider: string; model: string } | undefined;
  /** AIOPS_LLM_ANONYMIZE: aliases for names before anything reaches the model. */
  llmAnonymize: boolean;
  /** Alertmanager intake: label names tried in order, and the join window. */
  alerts: { serviceLabels: string[]; joinWindowMs: number };
  temporal: { address: string; namespace: string; taskQueue: string } | undefined;
  kubeconfig: string | undefined;
  executor: 'dry-run' | 'kubernetes';
  approvalTimeoutMs: number;
  actions: { enabled: boolean; allowedNamespaces: string[] | undefined; maxConcurrent: number; approvalThreshold: number; verifyWindows: number };
  /** Who may call the HTTP API (src/api/auth); none configured: read-only on loopback only. */
  api: {
    tokensFile: string | undefined;
    oidc: { issuer: string; audience: string; jwksUrl: string | undefined; jwksFile: string | undefined; rolesClaim: string; identityClaim: string } | undefined;
    insecure: boolean;
    metricsPublic: boolean;
    allowedHosts: string[] | undefined;
  };
  /** Raw values of the SDKs' own variables, passed to adapters, never logged. */
  secrets: { openaiApiKey?: string; openaiBaseUrl?: string; anthropicApiKey?: string; anthropicBaseUrl?: string };
}

export interface KafkaConfig {
  brokers: string[];
  /** Spans, metrics and logs topics, in that order. */
  topics: string[];
  groupId: string;
  clientId: string;
  encoding: { default: 'otlp_proto' | 'otlp_json'; topics: Record<string, 'otlp_proto' | 'otlp_json'> };
  dlqTopic: string;
  tls: { enabled: boolean; caFile: string | undefined; certFile: string | undefined; keyFile: string | undefined };
  sasl: { mechanism: 'PLAIN' | 'SCRAM-SHA-256' | 'SCRAM-SHA-512'; username: string; password: string } | undefined;
  /** KAFKA_SCALE_OUT: partial windows to this topic, merged by its owner (src/scale). */
  scaleOut?: { partialsTopic: string };
}

/** Validates `env` (default: process.env). Throws AiopsError CONFIG.INVALID naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Readonly<Config> {
  const parsed: Partial<Record<EnvName, unknown>> = {};
  const problems: string[] = [];
  for (const [name, { schema }] of Object.entries(ENV_SCHEMA) as [EnvName, (typeof ENV_SCHEMA)[EnvName]][]) {
    const raw = env[name];
    const value = raw === undefined || raw === '' ? undefined : raw;
    const r = (schema as z.ZodType).safeParse(value);
    if (r.success) parsed[name] = r.data;
    else problems.push(`${name}: ${r.error.issues.map((i) => i.message).join('; ')}`);
  }
  problems.push(...oidcProblems(parsed));
  if (problems.length) {
    throw new AiopsError('CONFIG.INVALID', `invalid configuration:\n  ${problems.join('\n  ')}`, { meta: { variables: problems.map((p) => p.split(':')[0]) } });
  }
  return Object.freeze(toConfig(parsed as Parsed));
}

/** OIDC needs issuer, audience and exactly one key source together. */
function oidcProblems(p: Partial<Record<EnvName, unknown>>): string[] {
  const set = (n: EnvName) => p[n] !== undefined;
  if (!set('AIOPS_OIDC_ISSUER') && !set('AIOPS_OIDC_AUDIENCE') && !set('AIOPS_OIDC_JWKS_URL') && !set('AIOPS_OIDC_JWKS_FILE')) return [];
  const out: string[] = [];
  if (!set('AIOPS_OIDC_ISSUER') || !set('AIOPS_OIDC_AUDIENCE')) out.push('AIOPS_OIDC_ISSUER: OIDC needs both AIOPS_OIDC_ISSUER and AIOPS_OIDC_AUDIENCE');
  if (set('AIOPS_OIDC_JWKS_URL') === set('AIOPS_OIDC_JWKS_FILE')) out.push('AIOPS_OIDC_JWKS_URL: OIDC needs exactly one of AIOPS_OIDC_JWKS_URL and AIOPS_OIDC_JWKS_FILE');
  return out;
}

function toConfig(p: Parsed): Config {
  const llm = p.AIOPS_LLM ? { provider: p.AIOPS_LLM.split(':')[0]!, model: p.AIOPS_LLM.slice(p.AIOPS_LLM.indexOf(':') + 1) } : undefined;
  return {
    dataDir: p.AIOPS_DATA_DIR,
    databaseUrl: p.DATABASE_URL,
    host: p.AIOPS_HOST,
    otlpPort: p.AIOPS_OTLP_PORT,
    otlpGrpcPort: p.AIOPS_OTLP_GRPC_PORT,
    httpPort: p.AIOPS_HTTP_PORT,
    windowMs: p.AIOPS_WINDOW,
    allowedLatenessMs: p.AIOPS_ALLOWED_LATENESS,
    idleFlushMs: p.AIOPS_IDLE_FLUSH,
    maxBodyBytes: p.AIOPS_MAX_BODY,
    queueItems: p.AIOPS_QUEUE_ITEMS,
    maxFutureSkewMs: p.AIOPS_MAX_FUTURE_SKEW,
    ingestGuard: {
      maxPastAgeMs: p.AIOPS_MAX_PAST_AGE,
      otlpToken: p.AIOPS_OTLP_TOKEN,
      maxServices: p.AIOPS_MAX_SERVICES,
      maxOperations: p.AIOPS_MAX_OPERATIONS,
      maxEdges: p.AIOPS_MAX_EDGES,
      maxConnections: p.AIOPS_MAX_CONNECTIONS,
      requestTimeoutMs: p.AIOPS_REQUEST_TIMEOUT,
    },
    logLevel: p.AIOPS_LOG_LEVEL,
    detector: { mode: p.AIOPS_DETECTOR, executionProvider: p.AIOPS_ONNX_EP },
    neo4j: p.NEO4J_URI ? { uri: p.NEO4J_URI, user: p.NEO4J_USER, password: p.NEO4J_PASSWORD } : undefined,
    kafka: p.KAFKA_BROKERS ? kafkaConfig(p, p.KAFKA_BROKERS) : undefined,
    prometheusUrl: p.PROMETHEUS_URL,
    slack: {
      botToken: p.SLACK_BOT_TOKEN,
      signingSecret: p.SLACK_SIGNING_SECRET,
      appToken: p.SLACK_APP_TOKEN,
      apiUrl: p.SLACK_API_URL,
      incidentChannel: p.SLACK_INCIDENT_CHANNEL,
      approvers: p.SLACK_APPROVERS,
    },
    llm,
    llmAnonymize: p.AIOPS_LLM_ANONYMIZE,
    alerts: { serviceLabels: p.AIOPS_ALERT_SERVICE_LABELS, joinWindowMs: p.AIOPS_ALERT_JOIN_WINDOW },
    temporal: p.TEMPORAL_ADDRESS ? { address: p.TEMPORAL_ADDRESS, namespace: p.TEMPORAL_NAMESPACE, taskQueue: p.TEMPORAL_TASK_QUEUE } : undefined,
    kubeconfig: p.KUBECONFIG,
    executor: p.AIOPS_EXECUTOR,
    approvalTimeoutMs: p.AIOPS_APPROVAL_TIMEOUT,
    actions: { enabled: p.AIOPS_ACTIONS_ENABLED, allowedNamespaces: p.AIOPS_ALLOWED_NAMESPACES, maxConcurrent: p.AIOPS_MAX_CONCURRENT_ACTIONS, approvalThreshold: p.AIOPS_APPROVAL_THRESHOLD, verifyWindows: p.AIOPS_VERIFY_WINDOWS },
    api: {
      tokensFile: p.AIOPS_API_TOKENS_FILE,
      oidc: p.AIOPS_OIDC_ISSUER && p.AIOPS_OIDC_AUDIENCE
        ? { issuer: p.AIOPS_OIDC_ISSUER, audience: p.AIOPS_OIDC_AUDIENCE, jwksUrl: p.AIOPS_OIDC_JWKS_URL, jwksFile: p.AIOPS_OIDC_JWKS_FILE, rolesClaim: p.AIOPS_OIDC_ROLES_CLAIM, identityClaim: p.AIOPS_OIDC_IDENTITY_CLAIM }
        : undefined,
      insecure: p.AIOPS_INSECURE_API,
      metricsPublic: p.AIOPS_METRICS_PUBLIC,
      allowedHosts: p.AIOPS_ALLOWED_HOSTS,
    },
    secrets: {
      openaiApiKey: p.OPENAI_API_KEY,
      openaiBaseUrl: p.OPENAI_BASE_URL,
      anthropicApiKey: p.ANTHROPIC_API_KEY,
      anthropicBaseUrl: p.ANTHROPIC_BASE_URL,
    },
  };
}

function kafkaConfig(p: Parsed, brokers: string[]): KafkaConfig {
  const sasl = p.KAFKA_SASL_MECHANISM
    ? { mechanism: p.KAFKA_SASL_MECHANISM, username: p.KAFKA_SASL_USERNAME ?? '', password: p.KAFKA_SASL_PASSWORD ?? '' }
    : undefined;
  if (p.KAFKA_TOPICS.length !== 3) {
    throw new AiopsError('CONFIG.INVALID', `invalid configuration:\n  KAFKA_TOPICS: expected three topics (spans,metrics,logs), got ${p.KAFKA_TOPICS.length}`, { meta: { variables: ['KAFKA_TOPICS'] } });
  }
  if (sasl && (!sasl.username || !sasl.password)) {
    throw new AiopsError('CONFIG.INVALID', 'invalid configuration:\n  KAFKA_SASL_USERNAME/KAFKA_SASL_PASSWORD: required with KAFKA_SASL_MECHANISM', { meta: { variables: ['KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD'] } });
  }
  return {
    brokers,
    topics: p.KAFKA_TOPICS,
    groupId: p.KAFKA_GROUP_ID,
    clientId: p.KAFKA_CLIENT_ID,
    encoding: p.KAFKA_ENCODING,
    dlqTopic: p.KAFKA_DLQ_TOPIC,
    tls: { enabled: p.KAFKA_TLS, caFile: p.KAFKA_TLS_CA_FILE, certFile: p.KAFKA_TLS_CERT_FILE, keyFile: p.KAFKA_TLS_KEY_FILE },
    sasl,
    scaleOut: p.KAFKA_SCALE_OUT ? { partialsTopic: p.KAFKA_PARTIALS_TOPIC ?? `${p.KAFKA_GROUP_ID}-partials` } : undefined,
  };
}
