export * from './types.js';
export { createSimulation } from './simulation.js';
export { encodeLogs, encodeMetrics, encodeTraces, resourceInfoOf, type OtlpFormat, type ResourceInfo } from './otlp-encode.js';
export { sendBatch, type SendOptions, type SendResult } from './otlp-sender.js';
