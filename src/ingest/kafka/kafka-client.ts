/**
 * KAFKA_* settings → a kafkajs client: brokers, client id, TLS (CA, client certificate and key from PEM files) and
 * SASL PLAIN / SCRAM-SHA-256 / SCRAM-SHA-512. kafkajs' own log lines go through our logger (redacted, leveled).
 */
import { readFileSync } from 'node:fs';
import { Kafka, logLevel, type KafkaConfig as KafkaJsConfig, type LogEntry, type SASLOptions } from 'kafkajs';
import type { KafkaConfig } from '../../config/config.js';
import type { Logger } from '../../obs/logger.js';
import { registerKafkaCodecs } from './kafka-codecs.js';

function tlsOptions(tls: KafkaConfig['tls']): KafkaJsConfig['ssl'] {
  if (!tls.enabled) return undefined;
  if (!tls.caFile && !tls.certFile && !tls.keyFile) return true;
  const read = (f: string | undefined) => (f ? readFileSync(f, 'utf8') : undefined);
  return { ca: tls.caFile ? [read(tls.caFile)!] : undefined, cert: read(tls.certFile), key: read(tls.keyFile) };
}

function saslOptions(sasl: KafkaConfig['sasl']): SASLOptions | undefined {
  if (!sasl) return undefined;
  const { username, password } = sasl;
  if (sasl.mechanism === 'PLAIN') return { mechanism: 'plain', username, password };
  if (sasl.mechanism === 'SCRAM-SHA-256') return { mechanism: 'scram-sha-256', username, password };
  return { mechanism: 'scram-sha-512', username, password };
}

/** kafkajs log entries → our logger; "group coordinator not available" on a fresh broker is expected, so warn. */
function logCreator(logger: Logger) {
  const log = logger.child({ component: 'kafkajs' });
  return () => ({ level, log: entry }: LogEntry) => {
    const { message, ...rest } = entry;
    const fields = { namespace: entry.namespace, broker: rest.broker, error: rest.error, retryCount: rest.retryCount };
    if (level === logLevel.ERROR) log.error(message, fields);
    else if (level === logLevel.WARN) log.warn(message, fields);
    else if (level === logLevel.INFO) log.debug(message, fields);
  };
}

export function createKafkaClient(cfg: KafkaConfig, logger: Logger): Kafka {
  // The Collector's kafka exporter may compress with snappy, lz4 or zstd; kafkajs alone reads only gzip.
  registerKafkaCodecs();
  return new Kafka({
    clientId: cfg.clientId,
    brokers: cfg.brokers,
    ssl: tlsOptions(cfg.tls),
    sasl: saslOptions(cfg.sasl),
    logLevel: logLevel.INFO,
    logCreator: logCreator(logger),
    retry: { retries: 8, initialRetryTime: 200, maxRetryTime: 5_000 },
  });
}
