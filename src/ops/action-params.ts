/**
 * The parameters each action type accepts, with bounds, in one place. A proposal from outside (API, MCP, the
 * agent) must pass these schemas: unknown keys are refused, numbers are bounded, so no caller can ask for a
 * rate limit of 0 requests/s, 500 replicas or a circuit breaker that ejects every endpoint. The engine's own
 * proposals come from knowledge/rules (reviewed files), rendered with telemetry values, and are not checked here.
 */
import { z } from 'zod';
import type { ActionType } from '../core/index.js';

const seconds = (max: number) => z.number().int().min(1).max(max);
const text = (max: number) => z.string().min(1).max(max);
const istioDuration = z.string().regex(/^\d{1,5}(ms|s|m)$/, 'expected a duration like 10s');
/** Replica counts: a count, "+N" or "xF" (k8s-plan.ts reads them); the executor caps at maxReplicas too. */
export const MAX_REPLICAS = 50;
const replicas = z.union([
  z.number().int().min(1).max(MAX_REPLICAS),
  z.string().regex(/^\+([1-9]|10)$/, 'expected +1 … +10'),
  z.string().regex(/^x(1(\.\d)?|2(\.0)?|3(\.0)?)$/, 'expected x1.1 … x3'),
  z.string().regex(/^([1-9]|[1-4]\d|50)$/, `expected a count 1 … ${MAX_REPLICAS}`),
]);

export const ACTION_PARAMS: Record<ActionType, z.ZodType<Record<string, unknown>>> = {
  ALERT: z.strictObject({ summary: text(2000).optional(), audience: text(100).optional(), runbook: text(500).optional() }),
  MANUAL: z.strictObject({ note: text(2000).optional(), runbook: text(500).optional() }),
  RATE_LIMIT: z.strictObject({
    requestsPerSecond: z.number().int().min(1).max(100_000).optional(),
    limitRatio: z.number().min(0.1).max(1).optional(),
    durationSeconds: seconds(86_400).optional(),
    dependency: text(256).optional(),
  }),
  CIRCUIT_BREAK: z.strictObject({
    consecutive5xxErrors: z.number().int().min(1).max(1000).optional(),
    interval: istioDuration.optional(),
    baseEjectionTime: istioDuration.optional(),
    // Ejecting every endpoint is an outage, not a circuit breaker.
    maxEjectionPercent: z.number().int().min(1).max(50).optional(),
    maxPendingRequests: z.number().int().min(1).max(100_000).optional(),
    maxRequestsPerConnection: z.number().int().min(1).max(100_000).optional(),
    durationSeconds: seconds(86_400).optional(),
    fallback: text(100).optional(),
  }),
  AUTO_SCALE: z.strictObject({
    replicas: replicas.optional(),
    maxReplicas: z.number().int().min(1).max(MAX_REPLICAS).optional(),
    fromReplicas: z.number().int().min(0).max(1000).optional(),
  }),
  RESTART: z.strictObject({ strategy: z.enum(['rolling']).optional(), gracefulShutdownSeconds: z.number().int().min(0).max(600).optional() }),
  ROLLBACK: z.strictObject({ toVersion: text(128).optional(), fromVersion: text(128).optional() }),
};

/** The validated params, or a message naming each bad one. */
export function validateParams(type: ActionType, params: unknown): { ok: true; value: Record<string, unknown> } | { ok: false; message: string } {
  const r = ACTION_PARAMS[type].safeParse(params ?? {});
  if (r.success) return { ok: true, value: r.data };
  return { ok: false, message: `invalid params for ${type}: ${r.error.issues.map((i) => `${i.path.join('.') || 'params'}: ${i.message}`).join('; ')}` };
}
