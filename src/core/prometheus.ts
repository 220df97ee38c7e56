/** The Prometheus port: PromQL queries and the server's metadata. The HTTP adapter is src/stores/prometheus. */
import type { PromOutcome, PromRange } from './tool.js';

/** What the server knows: metric names with type and help, and label names (for text-to-PromQL prompts). */
export interface PromMetadata {
  metrics: { name: string; type: string; help: string }[];
  labels: string[];
}

export interface PromClient {
  /** An instant query, or a range query when `range` is given; a syntax error never reaches the server. */
  query(expr: string, range?: PromRange): Promise<PromOutcome>;
  metadata(): Promise<PromMetadata>;
}
