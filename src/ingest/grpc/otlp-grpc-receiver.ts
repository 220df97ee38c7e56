/**
 * OTLP/gRPC receiver (https://opentelemetry.io/docs/specs/otlp/#otlpgrpc): the Collector's default `otlp` exporter
 * and most SDKs' default protocol. The three collector services are registered with pass-through (de)serializers:
 * the request bytes go to the same OTLP handler as OTLP/HTTP and Kafka (decode, validation, limits, queue), and the
 * handler's protobuf answer is the gRPC response. grpc-js undoes `grpc-encoding: gzip` and enforces the size limit
 * (RESOURCE_EXHAUSTED); with a token set, `authorization: Bearer <token>` metadata is required (UNAUTHENTICATED).
 */
import { timingSafeEqual } from 'node:crypto';
import { Server, ServerCredentials, status as Code, type ServiceDefinition, type sendUnaryData, type ServerUnaryCall } from '@grpc/grpc-js';
import type { Clock } from '../../core/ports.js';
import type { AiopsMetrics } from '../../obs/metrics.js';
import type { Logger } from '../../obs/logger.js';
import type { IngestQueue } from '../ingest-queue.js';
import { createOtlpHandler, SIGNAL_LABEL, type OtlpHandlerDeps } from '../otlp-handler.js';
import type { OtlpSignal } from '../otlp/otlp-responses.js';
import { grpcErrorOf } from './grpc-status.js';
import { installGrpcCodecs } from './grpc-codecs.js';

export interface OtlpGrpcReceiverConfig {
  host: string;
  /** 0 = ephemeral (see `port()` after start). */
  port: number;
  maxBodyBytes: number;
  maxFutureSkewMs: number;
  maxPastAgeMs?: number;
  /** When set, calls need `authorization: Bearer <token>` metadata. */
  bearerToken?: string;
}

export interface OtlpGrpcReceiverDeps {
  queue: IngestQueue;
  metrics: AiopsMetrics;
  logger: Logger;
  clock: Clock;
  budget?: OtlpHandlerDeps['budget'];
}

export interface OtlpGrpcReceiver {
  start(): Promise<void>;
  /** Stops taking calls; calls in progress finish (forced after 5 s). */
  stop(): Promise<void>;
  port(): number;
}

const SERVICES: [OtlpSignal, string][] = [
  ['traces', 'opentelemetry.proto.collector.trace.v1.TraceService'],
  ['metrics', 'opentelemetry.proto.collector.metrics.v1.MetricsService'],
  ['logs', 'opentelemetry.proto.collector.logs.v1.LogsService'],
];

const passThrough = (b: Buffer): Buffer => b;

function definition(service: string): ServiceDefinition {
  return {
    Export: {
      path: `/${service}/Export`, requestStream: false, responseStream: false,
      requestSerialize: passThrough, requestDeserialize: passThrough, responseSerialize: passThrough, responseDeserialize: passThrough,
    },
  };
}

function tokenMatches(header: string | undefined, token: string): boolean {
  const want = Buffer.from(`Bearer ${token}`);
  const got = Buffer.from(header ?? '');
  return got.length === want.length && timingSafeEqual(got, want);
}

export function createOtlpGrpcReceiver(cfg: OtlpGrpcReceiverConfig, deps: OtlpGrpcReceiverDeps): OtlpGrpcReceiver {
  const handle = createOtlpHandler(
    { maxBodyBytes: cfg.maxBodyBytes, maxFutureSkewMs: cfg.maxFutureSkewMs, maxPastAgeMs: cfg.maxPastAgeMs, source: 'otlp-grpc' },
    deps,
  );
  const log = deps.logger.child({ component: 'otlp-grpc' });
  // The Collector's otlp exporter may send snappy or zstd messages; grpc-js alone decodes gzip and deflate.
  if (!installGrpcCodecs()) log.warn('grpc-js internals changed: snappy and zstd messages will be answered UNIMPLEMENTED');
  const server = new Server({ 'grpc.max_receive_message_length': cfg.maxBodyBytes });
  let bound = 0;

  for (const [signal, service] of SERVICES) {
    server.addService(definition(service), {
      Export: (call: ServerUnaryCall<Buffer, Buffer>, callback: sendUnaryData<Buffer>) => {
        if (cfg.bearerToken && !tokenMatches(call.metadata.get('authorization')[0]?.toString(), cfg.bearerToken)) {
          deps.metrics.rejected.inc({ signal: SIGNAL_LABEL[signal], reason: 'unauthenticated' });
          callback({ code: Code.UNAUTHENTICATED, details: 'missing or wrong bearer token' });
          return;
        }
        void handle(signal, call.request, 'application/x-protobuf').then((r) => {
          const err = grpcErrorOf(r);
          if (err) callback(err);
          else callback(null, Buffer.from(r.body));
        });
      },
    });
  }

  return {
    async start() {
      bound = await new Promise<number>((resolve, reject) =>
        server.bindAsync(`${cfg.host}:${cfg.port}`, ServerCredentials.createInsecure(), (e, port) => (e ? reject(e) : resolve(port))));
      log.info('otlp/grpc receiver listening', { host: cfg.host, port: bound });
    },
    async stop() {
      await new Promise<void>((resolve) => {
        const force = setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, 5_000);
        server.tryShutdown(() => {
          clearTimeout(force);
          resolve();
        });
      });
    },
    port: () => bound,
  };
}
