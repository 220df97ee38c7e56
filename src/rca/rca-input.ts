/** Input of root-cause ranking (every version of it). */
import type { Anomaly, FeatureWindow, ServiceGraph } from '../core/index.js';

export interface RcaInput {
  /** Services of the incident. */
  services: string[];
  /** All anomalies of the incident. */
  anomalies: Anomaly[];
  /** Edges caller → callee (from = caller). */
  graph: ServiceGraph;
  /** Optional service-level 1m windows around the incident (for self-time and error share evidence). */
  windows?: FeatureWindow[];
  /** Window length, ms; default: the resolution of `windows`, else 60 000. */
  windowMs?: number;
}
