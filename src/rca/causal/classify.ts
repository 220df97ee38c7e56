/** The fault class of a cause, from the signal its mass ends on and the node's kind; and the rule indicator. */
import type { Indicator, NodeKind } from '../../core/index.js';
import type { FaultType, Signal } from './types.js';

const BY_SIGNAL: Record<Signal, FaultType> = {
  latency: 'latency',
  self: 'latency',
  gap: 'network',
  errors: 'errors',
  load: 'traffic',
  cpu: 'cpu',
  memory: 'memory',
  gc: 'memory',
  pool: 'database',
};

export function faultTypeOf(kind: NodeKind, signal: Signal): FaultType {
  if (kind === 'database') return 'database';
  if (kind === 'external') return signal === 'gap' ? 'network' : 'dependency';
  return BY_SIGNAL[signal];
}

/** The decision rules' vocabulary (knowledge/rules match on it): cpu is `saturation`. */
export function indicatorOf(t: FaultType): Indicator {
  return t === 'cpu' ? 'saturation' : t;
}
