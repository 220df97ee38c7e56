/**
 * Which signal a Kafka record carries. The Collector's kafka exporter can send several signals to one topic with
 * `signal_header: true`, marking each record with the header `otelcol.signal` (`traces`, `metrics`, `logs`,
 * `profiles`; contrib internal/kafka SignalHeaderKey, v0.165). The header wins over the topic's place in
 * KAFKA_TOPICS; without it a topic named for several signals cannot be read (the record is poison, with the fix in
 * its message), and a topic named once means its signal, as before.
 */
import type { IHeaders } from 'kafkajs';
import type { OtlpSignal } from '../otlp/otlp-responses.js';

export const SIGNAL_HEADER = 'otelcol.signal';
const SIGNALS: readonly string[] = ['traces', 'metrics', 'logs'];

/** The record's signal; 'other' for a signal this process does not ingest (profiles); undefined without the header. */
export function signalFromHeaders(headers: IHeaders | undefined): OtlpSignal | 'other' | undefined {
  const raw = headers?.[SIGNAL_HEADER];
  if (raw === undefined) return undefined;
  const first = Array.isArray(raw) ? raw[0] : raw;
  const value = (Buffer.isBuffer(first) ? first.toString('utf8') : String(first ?? '')).trim().toLowerCase();
  return SIGNALS.includes(value) ? (value as OtlpSignal) : 'other';
}

export type SignalOf = (topic: string, headers: IHeaders | undefined) => { signal: OtlpSignal } | { skip: string } | { poison: string };

/** KAFKA_TOPICS (spans, metrics, logs; a topic may repeat when the Collector shares one) → a record's signal. */
export function signalResolver(topics: readonly string[]): SignalOf {
  const order: OtlpSignal[] = ['traces', 'metrics', 'logs'];
  const byTopic = new Map<string, OtlpSignal[]>();
  topics.forEach((t, i) => byTopic.set(t, [...(byTopic.get(t) ?? []), order[i]!]));
  return (topic, headers) => {
    const fromHeader = signalFromHeaders(headers);
    const named = byTopic.get(topic) ?? [];
    if (fromHeader === 'other') return { skip: `${SIGNAL_HEADER} names a signal this process does not ingest` };
    // The header describes the payload, so it wins even on a topic KAFKA_TOPICS names for another signal.
    if (fromHeader !== undefined) return { signal: fromHeader };
    if (named.length === 1) return { signal: named[0]! };
    return { poison: `topic ${topic} carries ${named.join(', ')} (KAFKA_TOPICS) and the record has no ${SIGNAL_HEADER} header: set signal_header: true in the Collector's kafka exporter` };
  };
}
