/** Zod schema of `DecisionConfig`, for the config layer: every key optional, defaults from DEFAULT_DECISION_CONFIG. */
import { z } from 'zod';
import { parseClock } from '../risk/peak-hours.js';
import { DEFAULT_DECISION_CONFIG as D, type DecisionConfig } from './types.js';

const clock = z.string().refine((s) => parseClock(s) !== null, 'expected HH:MM between 00:00 and 24:00');
const unit = z.number().min(0).max(1);

export const DecisionConfigSchema = z.strictObject({
  approvalThreshold: unit.default(D.approvalThreshold),
  dualApprovalRisk: unit.default(D.dualApprovalRisk),
  peakHours: z.array(z.strictObject({ from: clock, to: clock })).default(() => [...D.peakHours]),
  utcOffsetMinutes: z.number().int().min(-14 * 60).max(14 * 60).default(D.utcOffsetMinutes),
  killSwitch: z.boolean().default(D.killSwitch),
  allowedNamespaces: z.array(z.string().min(1)).optional(),
  defaultNamespace: z.string().min(1).default(D.defaultNamespace),
  maxConcurrentActions: z.number().int().min(0).default(D.maxConcurrentActions),
  blastRadiusHops: z.number().int().min(0).max(20).default(D.blastRadiusHops),
  recentChangeMs: z.number().int().min(0).default(D.recentChangeMs),
  minPatternScore: unit.default(D.minPatternScore),
}) satisfies z.ZodType<DecisionConfig, unknown>;

/** Parses partial settings; throws a ZodError naming the bad key. */
export function decisionConfig(settings: unknown = {}): DecisionConfig {
  return DecisionConfigSchema.parse(settings);
}
