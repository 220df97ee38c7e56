/**
 * Risk of a remediation, exactly as the seed's `_assess_risk`: a base per action type, ×1.3 in peak hours,
 * ×(1 + 0.1 · recent failures of that type on that service), ×(2 − confidence), capped at 1.
 */
import type { ActionType } from '../engine/action-type.js';
import { isPeakHour, type PeakWindow } from './peak-hours.js';

export const BASE_RISK: Readonly<Record<ActionType, number>> = {
  ALERT: 0.1,
  RATE_LIMIT: 0.3,
  CIRCUIT_BREAK: 0.4,
  AUTO_SCALE: 0.5,
  RESTART: 0.7,
  ROLLBACK: 0.8,
  MANUAL: 0.2,
};

export const PEAK_FACTOR = 1.3;
export const FAILURE_STEP = 0.1;

export interface RiskInput {
  type: ActionType;
  /** 0..1; values outside are clamped. */
  confidence: number;
  /** Event time of the decision, epoch ms. */
  eventTime: number;
  peakHours: readonly PeakWindow[];
  utcOffsetMinutes: number;
  /** Recent failures of this action type on this service (negative counts as 0). */
  recentFailures: number;
}

export interface RiskFactors {
  base: number;
  peak: number;
  failures: number;
  confidence: number;
}

export interface RiskScore {
  score: number;
  /** Before the cap at 1, for explanations. */
  uncapped: number;
  factors: RiskFactors;
}

export function riskScore(input: RiskInput): RiskScore {
  const confidence = Math.min(1, Math.max(0, input.confidence));
  const factors: RiskFactors = {
    base: BASE_RISK[input.type],
    peak: isPeakHour(input.eventTime, input.peakHours, input.utcOffsetMinutes) ? PEAK_FACTOR : 1,
    failures: 1 + FAILURE_STEP * Math.max(0, input.recentFailures),
    confidence: 2 - confidence,
  };
  const uncapped = factors.base * factors.peak * factors.failures * factors.confidence;
  return { score: Math.min(uncapped, 1), uncapped, factors };
}

export interface ApprovalPolicy {
  /** Approval is required strictly above this (seed: 0.7). */
  approvalThreshold: number;
  /** Two approvers at or above this. */
  dualApprovalRisk: number;
}

export interface ApprovalNeed {
  requiresApproval: boolean;
  requiredApprovers: 1 | 2;
}

/**
 * Approval above the threshold. ROLLBACK always needs two different approvers, and so does any action at or
 * above the dual-approval risk; an action that needs two approvers needs approval even under a raised threshold.
 */
export function approvalFor(type: ActionType, risk: number, policy: ApprovalPolicy): ApprovalNeed {
  const dual = type === 'ROLLBACK' || risk >= policy.dualApprovalRisk;
  return { requiresApproval: dual || risk > policy.approvalThreshold, requiredApprovers: dual ? 2 : 1 };
}
