/**
 * The hook between the pipeline and the Kafka offsets: the pipeline stores its aggregator checkpoint (per node, the
 * first window not yet written) right after the windows it covers were written, and reads it once at start. This
 * StateStore wrapper reports both to the consumer, which commits the offsets whose windows are now durable.
 * The pipeline itself stays transport-agnostic.
 */
import type { StateStore } from '../../core/ports.js';

/** Keys of the pipeline's aggregator checkpoint (src/pipeline/pipeline.ts `CHECKPOINT_KEY`, versioned). */
const CHECKPOINT_PREFIX = 'pipeline.checkpoint.';

export function observeCheckpoint(state: StateStore, onDurable: (closedBefore: Record<string, number>) => void): StateStore {
  return {
    async get<T>(key: string): Promise<T | null> {
      const v = await state.get<T>(key);
      if (v !== null && key.startsWith(CHECKPOINT_PREFIX)) onDurable(v as Record<string, number>);
      return v;
    },
    async put<T>(key: string, value: T): Promise<void> {
      await state.put(key, value);
      if (key.startsWith(CHECKPOINT_PREFIX)) onDurable(value as Record<string, number>);
    },
  };
}
