/** Runs a store write and records its latency in `aiops_store_write_seconds{store,op}`. */
import type { AiopsMetrics } from '../obs/metrics.js';

export async function timedWrite<T>(metrics: AiopsMetrics, store: string, op: string, fn: () => Promise<T>): Promise<T> {
  const end = metrics.storeWriteSeconds.startTimer({ store, op });
  try {
    return await fn();
  } finally {
    end();
  }
}
