import type { ServiceEffects } from './faults.js';
import type { Rng } from './random.js';
import type { Runtime, SimOperation, SimService } from './types.js';

const EXCEPTIONS: Record<Runtime, readonly string[]> = {
  jvm: ['java.lang.NullPointerException', 'java.lang.IllegalStateException: invariant violated', 'java.util.ConcurrentModificationException'],
  nodejs: ["TypeError: Cannot read properties of undefined (reading 'id')", 'RangeError: Invalid array length', 'Error: unexpected response shape'],
  go: ['panic: runtime error: invalid memory address or nil pointer dereference', 'error: index out of range'],
  python: ["KeyError: 'customer_id'", "AttributeError: 'NoneType' object has no attribute 'get'", 'ValueError: invalid literal for int()'],
};

const OOM: Record<Runtime, string> = {
  jvm: 'java.lang.OutOfMemoryError: Java heap space',
  nodejs: 'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory',
  go: 'runtime: out of memory: cannot allocate',
  python: 'MemoryError',
};

/** The ERROR log line a failed SERVER span writes, shaped by what made it fail. */
export function errorMessage(svc: SimService, op: SimOperation, e: ServiceEffects, own: boolean, r: Rng): string {
  if (!own) return `${op.name} failed: dependency error`;
  if (e.memoryAddBytes > 0 && e.errorRate > 0) return `${op.name} failed: ${OOM[svc.runtime]}`;
  return `${op.name} failed: ${r.pick(EXCEPTIONS[svc.runtime])}`;
}
