/**
 * Messages per second over the last minute, for `/aiops status` (Prometheus computes its own rate from
 * `aiops_kafka_messages_total`). One sample per second at most: bounded at ~61 samples.
 */
const SPAN_MS = 60_000;

export interface Throughput {
  /** Call with the running total after each message (cheap: samples at most once a second). */
  record(nowMs: number, total: number): void;
  perSecond(nowMs: number, total: number): number;
}

export function createThroughput(): Throughput {
  const samples: { t: number; total: number }[] = [];
  const trim = (now: number) => {
    while (samples.length > 1 && samples[1]!.t <= now - SPAN_MS) samples.shift();
  };
  return {
    record(now, total) {
      const last = samples[samples.length - 1];
      if (last && now - last.t < 1_000) return;
      samples.push({ t: now, total });
      trim(now);
    },
    perSecond(now, total) {
      trim(now);
      const first = samples[0];
      if (!first || now <= first.t) return 0;
      return (total - first.total) / ((now - first.t) / 1000);
    },
  };
}
