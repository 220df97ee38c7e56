/**
 * bench/kafka: Kafka in versus OTLP/HTTP in, end to end, in the same run, on `aiops serve` processes (loopback,
 * in-memory PGlite). The simulator's telemetry (--minutes of --services at --rate traces per service-minute) is
 * encoded once. Runs, one after another:
 *   http     — one serve; the bench posts every minute's traces, metrics and logs (2 requests in flight).
 *   kafka    — one serve consuming a backlog written beforehand as the Collector's kafka exporter writes it
 *              (one message per trace keyed by trace id; metrics and logs keyed by service), 6 partitions.
 *   scale×1, scale×2 — KAFKA_SCALE_OUT, one and then two serves in a fresh group on the same backlog.
 * Each run ends when every span is accepted (aiops_received_total) and the ingest queues are empty. Reported:
 * spans/s (wall) and spans per CPU-second of the serve processes (user+system from /proc: "per core"), the Kafka to
 * HTTP ratio (target ≥ 0.8) and the two-instance to one-instance wall-rate ratio (target ≥ 1.6).
 * Prints `RESULT {json}` last. Needs KAFKA_BROKERS (scripts/start-kafka.sh).
 * Run: KAFKA_BROKERS=127.0.0.1:9092 npx tsx bench/kafka/index.ts [--minutes 20] [--services 10] [--rate 120]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import { createSimulation } from '../../src/sim/simulation.js';
import { encodeLogs, encodeMetrics, encodeTraces, resourceInfoOf } from '../../src/sim/otlp-encode.js';
import { freePort } from '../../scripts/start-postgres.mjs';

const { values } = parseArgs({ options: { minutes: { type: 'string' }, services: { type: 'string' }, rate: { type: 'string' } } });
const MINUTES = Number(values.minutes ?? 20);
const SERVICES = Number(values.services ?? 10);
const RATE = Number(values.rate ?? 120);
const brokers = (process.env.KAFKA_BROKERS ?? '').split(',').filter(Boolean);
if (!brokers.length) {
  console.error('bench/kafka: KAFKA_BROKERS is unset (start a broker with scripts/start-kafka.sh)');
  process.exit(2);
}

const startMs = Math.floor(Date.now() / 60_000) * 60_000 - (MINUTES + 10) * 60_000;
const sim = createSimulation({ seed: 21, startMs, services: SERVICES, ratePerMinute: RATE });
const batches = Array.from({ length: MINUTES }, (_, i) => sim.minute(i));
const totalSpans = batches.reduce((n, b) => n + b.spans.length, 0);
const ns = sim.topology.namespace;

interface Serve { child: ChildProcess; http: string; otlp: string }

async function startServe(env: Record<string, string>): Promise<Serve> {
  const ports = { AIOPS_OTLP_PORT: String(await freePort()), AIOPS_OTLP_GRPC_PORT: String(await freePort()), AIOPS_HTTP_PORT: String(await freePort()) };
  const child = spawn(process.execPath, ['bin/aiops.js', 'serve'], {
    env: { ...process.env, AIOPS_DATA_DIR: 'memory://', AIOPS_LOG_LEVEL: 'error', AIOPS_ALLOWED_LATENESS: '3m', AIOPS_IDLE_FLUSH: '600s', NEO4J_URI: '', KAFKA_BROKERS: '', ...env, ...ports },
    stdio: ['ignore', 'ignore', 'ignore'],
  });
  const http = `http://127.0.0.1:${ports.AIOPS_HTTP_PORT}`;
  for (let i = 0; i < 600; i++) {
    if ((await fetch(`${http}/readyz`).catch(() => undefined))?.ok) return { child, http, otlp: `http://127.0.0.1:${ports.AIOPS_OTLP_PORT}` };
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('aiops serve did not become ready');
}

/** user+system CPU seconds of a process (Linux /proc, clock ticks of 100 Hz). */
function cpuSeconds(pid: number): number {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(f[11]) + Number(f[12])) / 100;
}

async function scrape(s: Serve): Promise<{ spans: number; depth: number }> {
  const text = await (await fetch(`${s.http}/metrics`)).text();
  let spans = 0;
  for (const m of text.matchAll(/^aiops_received_total\{signal="spans",[^}]*\} (\S+)$/gm)) spans += Number(m[1]);
  const depth = Number(text.match(/^aiops_ingest_queue_depth (\S+)$/m)?.[1] ?? 0);
  return { spans, depth };
}

/** Waits (bounded: 20 min) until the serves together accepted every span and their queues are empty. */
async function untilDone(serves: Serve[]): Promise<void> {
  const deadline = Date.now() + 20 * 60_000;
  while (Date.now() < deadline) {
    const s = await Promise.all(serves.map(scrape));
    if (s.reduce((n, x) => n + x.spans, 0) >= totalSpans && s.every((x) => x.depth === 0)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('bench/kafka: not every span was consumed within 20 minutes');
}

/**
 * The clock starts before the serves are spawned: a Kafka serve consumes from the moment it joins its group, so
 * start-up is inside every run (HTTP included), and the CPU seconds are the serves' whole lives.
 */
async function measure(name: string, start: () => Promise<Serve[]>, drive: (serves: Serve[]) => Promise<void>) {
  const t0 = performance.now();
  const serves = await start();
  await drive(serves);
  await untilDone(serves);
  const wall = (performance.now() - t0) / 1000;
  const cpu = serves.reduce((n, s) => n + cpuSeconds(s.child.pid!), 0);
  for (const s of serves) s.child.kill('SIGKILL');
  const r = { name, instances: serves.length, wallSeconds: +wall.toFixed(2), cpuSeconds: +cpu.toFixed(2), spansPerSecond: Math.round(totalSpans / wall), spansPerCpuSecond: Math.round(totalSpans / cpu) };
  console.log(JSON.stringify(r));
  return r;
}

// Encode once: the HTTP bodies and the Kafka messages.
const info = batches.map((b) => resourceInfoOf(b.spans, ns));
const httpBodies = batches.flatMap((b, i) => [
  { path: '/v1/traces', body: encodeTraces(b.spans, 'protobuf', info[i]) },
  { path: '/v1/metrics', body: encodeMetrics(b.metrics, 'protobuf', info[i]) },
  ...(b.logs.length ? [{ path: '/v1/logs', body: encodeLogs(b.logs, 'protobuf', info[i]) }] : []),
]);

async function postAll(otlp: string): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < httpBodies.length) {
      const { path, body } = httpBodies[next++]!;
      for (let attempt = 0; ; attempt++) {
        const r = await fetch(`${otlp}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body });
        await r.arrayBuffer();
        if (r.ok) break;
        if (attempt > 200 || (r.status !== 429 && r.status !== 503)) throw new Error(`OTLP ${path} answered ${r.status}`);
        await new Promise((res) => setTimeout(res, 50));
      }
    }
  };
  await Promise.all([worker(), worker()]);
}

const id = `bench-${randomBytes(3).toString('hex')}`;
const topics = { spans: `${id}-spans`, metrics: `${id}-metrics`, logs: `${id}-logs`, dlq: `${id}-dlq` };
const kafka = new Kafka({ clientId: 'aiops-bench', brokers, logLevel: logLevel.NOTHING });
const admin = kafka.admin();
await admin.connect();
await admin.createTopics({ waitForLeaders: true, topics: [topics.spans, topics.metrics, topics.logs].map((topic) => ({ topic, numPartitions: 6 })).concat([{ topic: topics.dlq, numPartitions: 1 }]) });
const producer = kafka.producer();
await producer.connect();
let messages = 0;
for (const [i, b] of batches.entries()) {
  const byTrace = new Map<string, typeof b.spans>();
  for (const s of b.spans) byTrace.set(s.traceId, [...(byTrace.get(s.traceId) ?? []), s]);
  const traceMsgs = [...byTrace].map(([k, list]) => ({ key: k, value: Buffer.from(encodeTraces(list, 'protobuf', info[i])) }));
  for (let j = 0; j < traceMsgs.length; j += 500) await producer.send({ topic: topics.spans, messages: traceMsgs.slice(j, j + 500) });
  const services = [...new Set(b.metrics.map((m) => m.service))];
  await producer.send({ topic: topics.metrics, messages: services.map((s) => ({ key: s, value: Buffer.from(encodeMetrics(b.metrics.filter((m) => m.service === s), 'protobuf', info[i])) })) });
  const logServices = [...new Set(b.logs.map((l) => l.service))];
  if (logServices.length) await producer.send({ topic: topics.logs, messages: logServices.map((s) => ({ key: s, value: Buffer.from(encodeLogs(b.logs.filter((l) => l.service === s), 'protobuf', info[i])) })) });
  messages += traceMsgs.length + services.length + logServices.length;
}
await producer.disconnect();
await admin.disconnect();
console.log(JSON.stringify({ minutes: MINUTES, services: SERVICES, rate: RATE, spans: totalSpans, kafkaMessages: messages }));

const kafkaEnv = (group: string, scale: boolean) => ({ KAFKA_BROKERS: brokers.join(','), KAFKA_TOPICS: `${topics.spans},${topics.metrics},${topics.logs}`, KAFKA_GROUP_ID: group, KAFKA_DLQ_TOPIC: topics.dlq, KAFKA_SCALE_OUT: String(scale) });

const none = async () => undefined;
const http = await measure('http', async () => [await startServe({})], (s) => postAll(s[0]!.otlp));
const plain = await measure('kafka', async () => [await startServe(kafkaEnv(`${id}-plain`, false))], none);
const one = await measure('scale×1', async () => [await startServe(kafkaEnv(`${id}-s1`, true))], none);
const two = await measure('scale×2', () => Promise.all([startServe(kafkaEnv(`${id}-s2`, true)), startServe(kafkaEnv(`${id}-s2`, true))]), none);

const result = {
  spans: totalSpans, kafkaMessages: messages, cores: (await import('node:os')).availableParallelism(),
  runs: [http, plain, one, two],
  kafkaToHttpPerCore: +(plain.spansPerCpuSecond / http.spansPerCpuSecond).toFixed(2),
  kafkaToHttpWall: +(plain.spansPerSecond / http.spansPerSecond).toFixed(2),
  twoToOneInstances: +(two.spansPerSecond / one.spansPerSecond).toFixed(2),
  targets: { kafkaToHttpPerCore: 0.8, twoToOneInstances: 1.6 },
};
console.log(`RESULT ${JSON.stringify(result)}`);
process.exit(0);
