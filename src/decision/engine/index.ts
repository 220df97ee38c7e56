/** Public surface of the decision engine (proposals) and its risk scoring. */
export { decide, decideWithTrace } from './decide.js';
export { guardAction, type GuardContext } from './guards.js';
export { blastRadius } from './blast-radius.js';
export { successRate, recentFailures, lastProposedAt, historyFromActions } from './history.js';
export { matchFaultPattern, UNKNOWN_PATTERN, type PatternMatch } from './fault-pattern-match.js';
export * from './types.js';
export { riskScore, approvalFor, BASE_RISK, type RiskInput, type RiskScore, type ApprovalPolicy } from '../risk/risk-score.js';
export { isPeakHour, type PeakWindow } from '../risk/peak-hours.js';
export { RuleSchema, RulesFileSchema, FaultPatternSchema, type Rule, type FaultPattern } from '../knowledge-schema.js';
export { DecisionConfigSchema, decisionConfig } from './decision-config.js';
