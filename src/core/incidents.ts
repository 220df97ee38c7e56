/** Anomalies, incidents and root causes: the JSON shapes of INTERFACES.md. */
import type { AbsorbedAlert, IncidentKind } from './alerts.js';
import type { FeatureName } from './features.js';

export interface Anomaly {
  service: string;
  operation: string;
  feature: FeatureName;
  /** ISO of the window start (event time). */
  windowStart: string;
  value: number;
  baseline: number;
  /** Robust z-like score; larger is more anomalous. */
  score: number;
  /** Direction relative to the baseline. */
  direction?: 'up' | 'down';
  /** Which detectors fired on this window and how strongly (the ensemble's evidence). */
  detectors?: DetectorVote[];
}

/** One detector's verdict on a window: its score against its own calibrated threshold. */
export interface DetectorVote {
  detector: 'seasonal' | 'iforest' | 'sequence';
  /** Registry id of the model that scored it (learned detectors). */
  model?: string;
  score: number;
  threshold: number;
  fired: boolean;
  /** Why, in words: the features that moved most. */
  reason: string;
}

export type Severity = 'critical' | 'high' | 'medium' | 'low';
export type IncidentStatus = 'open' | 'resolved';

export type Indicator =
  | 'latency'
  | 'errors'
  | 'saturation'
  | 'memory'
  | 'traffic'
  | 'dependency'
  | 'database'
  | 'network';

export interface RootCause {
  service: string;
  indicator: Indicator | string;
  /** 0..1 */
  score: number;
  evidence: string[];
  /** Fault class named by the causal ranking: latency, errors, cpu, memory, database, network, traffic, dependency. */
  faultType?: string;
}

export interface TimelineEntry {
  at: string;
  kind: string;
  text: string;
}

export interface Incident {
  id: string;
  status: IncidentStatus;
  severity: Severity;
  openedAt: string;
  firstAnomalyAt: string;
  resolvedAt: string | null;
  services: string[];
  rootCauses: RootCause[];
  anomalies: Anomaly[];
  timeline?: TimelineEntry[];
  /** Set when the incident turned out to be part of an older one and was folded into it (hidden from lists). */
  mergedInto?: string;
  /** Absent means `anomaly` (every incident before alerts were taken in). */
  kind?: IncidentKind;
  /** Alertmanager alerts this incident absorbed, one per fingerprint. */
  alerts?: AbsorbedAlert[];
}
