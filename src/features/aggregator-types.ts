/** Result shapes of the window aggregator (own file so the parts of the aggregator import no cycle). */
import type { EdgeWindow, FeatureWindow, GraphNode } from '../core/index.js';

export interface ClosedWindows {
  features: FeatureWindow[];
  edges: EdgeWindow[];
  nodes: GraphNode[];
}

export interface LateCounts {
  spans: number;
  metrics: number;
  logs: number;
  /** Spans whose (trace id, span id) was already counted in their open window: resent, not counted again. */
  duplicateSpans: number;
  /**
   * Items for windows that were already written before the last restart (at or below the restored checkpoint): a
   * client resending what it never got acks for. Not counted in spans/metrics/logs: they are not late data.
   */
  replayed: number;
}
