/**
 * Zod schemas of the knowledge files (`knowledge/rules/*.yaml`, `knowledge/fault-patterns/*.yaml`). Every
 * object is strict so a misspelt key fails at load time instead of silently never matching mid-incident.
 * The format is described in src/decision/README.md.
 */
import { z } from 'zod';
import type { FaultKind } from '../core/fault-kinds.js';
import type { FeatureName } from '../core/index.js';
import { ACTION_TYPES } from './engine/action-type.js';

export const FEATURES = ['errorRate', 'p50Ms', 'p95Ms', 'p99Ms', 'throughput', 'cpu', 'memory', 'gcMs', 'poolUse', 'logError'] as const satisfies readonly FeatureName[];
export const SCOPES = ['root', 'callers', 'any'] as const;
export type Scope = (typeof SCOPES)[number];
export const COMPARATORS = ['>', '>=', '<', '<=', '=='] as const;
export type Comparator = (typeof COMPARATORS)[number];
/** Placeholders a string param may use as `{{name}}`. */
export const PLACEHOLDERS = ['service', 'rootService', 'indicator', 'severity', 'incidentId', 'faultPattern', 'namespace', 'version', 'previousVersion'] as const;

const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

const duration = z.string().transform((s, ctx) => {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(s.trim());
  if (!m) {
    ctx.addIssue({ code: 'custom', message: `expected a duration like 30s, 10m, 1h (got "${s}")` });
    return z.NEVER;
  }
  return Math.round(Number(m[1]) * UNIT_MS[m[2]!]!);
});

/** `[scope.]feature [ratio] op number`, e.g. `errorRate > 0.2`, `callers.p99Ms ratio >= 3`. */
export interface FeatureCondition {
  scope: Scope;
  feature: FeatureName;
  /** Compare value/baseline instead of the value. */
  ratio: boolean;
  op: Comparator;
  value: number;
  text: string;
}

const EXPR = new RegExp(
  `^(?:(${SCOPES.join('|')})\\.)?(${FEATURES.join('|')})(\\s+ratio)?\\s*(>=|<=|==|>|<)\\s*(-?\\d+(?:\\.\\d+)?)$`,
);

const featureCondition = z.string().transform((text, ctx): FeatureCondition => {
  const m = EXPR.exec(text.trim());
  if (!m) {
    ctx.addIssue({
      code: 'custom',
      message: `expected "[root.|callers.|any.]<feature> [ratio] <op> <number>" with feature one of ${FEATURES.join(', ')} (got "${text}")`,
    });
    return z.NEVER;
  }
  const [, scope, feature, ratio, op, value] = m;
  return { scope: (scope ?? 'root') as Scope, feature: feature as FeatureName, ratio: Boolean(ratio), op: op as Comparator, value: Number(value), text };
});

const oneOrMany = <T extends z.ZodType>(item: T) => z.union([item, z.array(item).min(1)]).transform((v) => (Array.isArray(v) ? v : [v]) as z.output<T>[]);
const ruleId = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'expected a kebab-case id like memory-leak-restart');

const When = z.strictObject({
  indicator: oneOrMany(z.string().min(1)).optional(),
  severityAtLeast: z.enum(['low', 'medium', 'high', 'critical']).optional(),
  features: z.array(featureCondition).optional(),
  service: oneOrMany(z.string().min(1)).optional(),
  faultPattern: oneOrMany(ruleId).optional(),
  rootKind: z.enum(['service', 'database', 'external']).optional(),
  newVersion: z.boolean().optional(),
  /** Features with no anomaly on the root service (e.g. `[throughput]`: cpu rose at steady traffic, not under load). */
  steady: oneOrMany(z.enum(FEATURES)).optional(),
  minRootScore: z.number().min(0).max(1).optional(),
});

const paramValue = z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]);
const REPLICAS = /^(?:\+\d+|x\d+(?:\.\d+)?|\d+)$/;

const ActionTemplate = z
  .strictObject({
    type: z.enum(ACTION_TYPES),
    target: z.enum(['root', 'callers']).default('root'),
    params: z.record(z.string(), paramValue).default({}),
    priority: z.number().int().min(1).max(100),
    cooldown: duration.optional(),
  })
  .superRefine((a, ctx) => {
    for (const [key, value] of Object.entries(a.params)) {
      for (const s of Array.isArray(value) ? value : typeof value === 'string' ? [value] : []) {
        for (const [, name] of s.matchAll(/\{\{\s*([^}]*?)\s*\}\}/g)) {
          if (!(PLACEHOLDERS as readonly string[]).includes(name!)) {
            ctx.addIssue({ code: 'custom', path: ['params', key], message: `unknown placeholder {{${name}}}; allowed: ${PLACEHOLDERS.join(', ')}` });
          }
        }
      }
    }
    if (a.type !== 'AUTO_SCALE') return;
    const { replicas, maxReplicas } = a.params;
    if (!(typeof replicas === 'number' ? Number.isInteger(replicas) && replicas > 0 : typeof replicas === 'string' && REPLICAS.test(replicas))) {
      ctx.addIssue({ code: 'custom', path: ['params', 'replicas'], message: 'AUTO_SCALE needs replicas: "+N" (quoted), "xF" or an absolute count' });
    }
    if (typeof maxReplicas !== 'number' || !Number.isInteger(maxReplicas) || maxReplicas < 1) {
      ctx.addIssue({ code: 'custom', path: ['params', 'maxReplicas'], message: 'AUTO_SCALE needs maxReplicas, a positive integer bound' });
    }
  });

export const RuleSchema = z.strictObject({
  id: ruleId,
  description: z.string().min(1),
  when: When.default({}),
  actions: z.array(ActionTemplate).min(1),
  cooldown: duration,
  /** Weight of the rule in the action confidence (confidence = root-cause score × this). */
  confidence: z.number().min(0).max(1).default(0.9),
  /** Applies only when no other rule produced a mutating action. */
  fallback: z.boolean().default(false),
});

export const RulesFileSchema = z.strictObject({ rules: z.array(RuleSchema).min(1) });

const SignatureEntry = z.strictObject({
  feature: z.enum(FEATURES),
  direction: z.enum(['up', 'down']),
  on: z.enum(SCOPES).default('root'),
  /** value/baseline (or baseline/value for `down`) must reach this. */
  minRatio: z.number().positive().default(1),
  weight: z.number().positive().default(1),
  required: z.boolean().default(false),
});

/** The kinds the knowledge base has fault patterns for; typed against the one list, so a rename cannot drift. */
const KNOWLEDGE_FAULT_KINDS = ['latency', 'errors', 'cpu', 'memory', 'db'] as const satisfies readonly FaultKind[];

export const FaultPatternSchema = z.strictObject({
  id: ruleId,
  description: z.string().min(1),
  /** The simulator fault kind this pattern describes (a subset of the one list, src/core/fault-kinds.ts). */
  fault: z.enum(KNOWLEDGE_FAULT_KINDS),
  root: z.strictObject({
    indicators: z.array(z.string().min(1)).min(1),
    /** Kind of the root node in the graph; omitted: any. */
    nodeKind: z.enum(['service', 'database', 'external']).optional(),
  }),
  signature: z.array(SignatureEntry).min(1),
  /** How the fault shows upstream, for people and the agent. */
  propagation: z.string().optional(),
});

export type Rule = z.output<typeof RuleSchema>;
export type RuleWhen = Rule['when'];
export type ActionTemplate = Rule['actions'][number];
export type FaultPattern = z.output<typeof FaultPatternSchema>;
export type SignatureEntry = FaultPattern['signature'][number];
