/**
 * bench/kafka: Kafka in versus OTLP/HTTP in, end to end, in the same run, on `aiops serve` processes (loopback,
 * in-memory PGlite). The simulator's telemetry (--minutes of --services at --rate traces per service-minute) is
 * encoded once. Runs, one after another:
 *   http     — one serve; the bench posts every minute's traces, metrics and logs (2 requests in flight).
 *   kafka    — one serve consuming a backlog written beforehand as the Collector's kafka exporter writes it
 *              (one message per trace keyed by trace id; metrics and logs keyed by service), 6 partitions.
 *   scale×1, scale×2 — KAFKA_SCALE_OUT, one and then two serves in a fresh group on the same backlog.
 * Each run ends when every item is accepted (aiops_received_total), the ingest queues are empty and every partition
 * is read to its end. Reported per run (see `views`): whole life (spawn to done), work (first accepted item to
 * done: CPU per span without the start-up) and steady (intake while every instance consumes); spans per CPU-second
 * are user+system of the serve processes from /proc ("per core"). Targets: Kafka ≥ 0.8 × HTTP spans per CPU-second
 * (work), two instances ≥ 1.6 × one (steady intake).
 * Prints `RESULT {json}` last. Needs KAFKA_BROKERS (scripts/start-kafka.sh).
 * Run: KAFKA_BROKERS=127.0.0.1:9092 npx tsx bench/kafka/index.ts [--minutes 120] [--services 10] [--rate 3000]
 *      [--samples PREFIX: each run's samples to PREFIX-<run>.json]
 *      (the defaults: about 2.5 M spans, 20,000 a minute, about 5 minutes in all — enough per window that per-window
 *      work, which a replayed backlog squeezes into seconds, does not stand in for per-span work, and a steady window
 *      of 15 s or more for two instances; with --minutes 20 it lasts about 3 s, start-up included, and reads low)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import { createSimulation } from '../../src/sim/simulation.js';
import { encodeLogs, encodeMetrics, encodeTraces, resourceInfoOf } from '../../src/sim/otlp-encode.js';
import { freePort } from '../../scripts/start-postgres.mjs';

const { values } = parseArgs({ options: { minutes: { type: 'string' }, services: { type: 'string' }, rate: { type: 'string' }, samples: { type: 'string' } } });
const MINUTES = Number(values.minutes ?? 120);
const SERVICES = Number(values.services ?? 10);
const RATE = Number(values.rate ?? 3000);
const brokers = (process.env.KAFKA_BROKERS ?? '').split(',').filter(Boolean);
if (!brokers.length) {
  console.error('bench/kafka: KAFKA_BROKERS is unset (start a broker with scripts/start-kafka.sh)');
  process.exit(2);
}

const startMs = Math.floor(Date.now() / 60_000) * 60_000 - (MINUTES + 10) * 60_000;
const sim = createSimulation({ seed: 21, startMs, services: SERVICES, ratePerMinute: RATE });
const batches = Array.from({ length: MINUTES }, (_, i) => sim.minute(i));
const totalSpans = batches.reduce((n, b) => n + b.spans.length, 0);
const totalItems = batches.reduce((n, b) => n + b.spans.length + b.metrics.length + b.logs.length, 0);
const ns = sim.topology.namespace;

interface Serve { child: ChildProcess; http: string; otlp: string; ready: Promise<void> }

/** Spawns a serve and returns at once; `ready` settles when /readyz answers 200 (sampling starts before it). */
async function spawnServe(env: Record<string, string>): Promise<Serve> {
  const ports = { AIOPS_OTLP_PORT: String(await freePort()), AIOPS_OTLP_GRPC_PORT: String(await freePort()), AIOPS_HTTP_PORT: String(await freePort()) };
  const child = spawn(process.execPath, ['bin/aiops.js', 'serve'], {
    env: { ...process.env, AIOPS_DATA_DIR: 'memory://', AIOPS_LOG_LEVEL: 'error', AIOPS_ALLOWED_LATENESS: '3m', AIOPS_IDLE_FLUSH: '600s', NEO4J_URI: '', KAFKA_BROKERS: '', ...env, ...ports },
    stdio: ['ignore', 'ignore', 'ignore'],
  });
  const http = `http://127.0.0.1:${ports.AIOPS_HTTP_PORT}`;
  const ready = (async () => {
    for (let i = 0; i < 600; i++) {
      if ((await fetch(`${http}/readyz`).catch(() => undefined))?.ok) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('aiops serve did not become ready');
  })();
  return { child, http, otlp: `http://127.0.0.1:${ports.AIOPS_OTLP_PORT}`, ready };
}

/** user+system CPU seconds of a process (Linux /proc, clock ticks of 100 Hz). */
function cpuSeconds(pid: number): number {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(f[11]) + Number(f[12])) / 100;
}

/**
 * Items (spans, metric points, logs) a serve accepted, those still in its ingest queue, and its consumer lag per
 * partition; zeros before it listens.
 */
async function scrape(s: Serve): Promise<{ items: number; depth: number; lag: Map<string, number> }> {
  const text = await fetch(`${s.http}/metrics`).then((r) => r.text()).catch(() => '');
  let items = 0;
  for (const m of text.matchAll(/^aiops_received_total\{signal="\w+",[^}]*\} (\S+)$/gm)) items += Number(m[1]);
  const lag = new Map([...text.matchAll(/^aiops_kafka_consumer_lag\{([^}]*)\} (\S+)$/gm)].map((m) => [m[1]!, Number(m[2])] as const));
  return { items, depth: Number(text.match(/^aiops_ingest_queue_depth (\S+)$/m)?.[1] ?? 0), lag };
}

/** Whether every partition was read to its end: per partition the smallest lag any serve reports (a serve that lost
 *  the partition in a rebalance keeps its last, larger, value). */
function readToEnd(scrapes: { lag: Map<string, number> }[]): boolean {
  const least = new Map<string, number>();
  for (const s of scrapes) for (const [k, v] of s.lag) least.set(k, Math.min(least.get(k) ?? Infinity, v));
  return [...least.values()].every((v) => v <= 0);
}

/** One sample per 100 ms: seconds since spawn, and per serve the items accepted, the items the pipeline took
 *  (accepted minus still queued) and its CPU seconds. */
interface Sample { t: number; accepted: number[]; taken: number[]; cpu: number[] }
const sum = (xs: number[]) => xs.reduce((n, x) => n + x, 0);

/** Samples (bounded: 20 min) until the serves together took every item, their queues are empty and (Kafka) every
 *  partition is read to its end. */
async function sampleUntilDone(serves: Serve[], t0: number): Promise<Sample[]> {
  const deadline = Date.now() + 20 * 60_000;
  const samples: Sample[] = [];
  while (Date.now() < deadline) {
    const s = await Promise.all(serves.map(scrape));
    samples.push({ t: (performance.now() - t0) / 1000, accepted: s.map((x) => x.items), taken: s.map((x) => x.items - x.depth), cpu: serves.map((x) => cpuSeconds(x.child.pid!)) });
    if (sum(s.map((x) => x.items)) >= totalItems && s.every((x) => x.depth === 0) && readToEnd(s)) return samples;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('bench/kafka: not every item was consumed within 20 minutes');
}

/**
 * Three views of one run, from the same samples:
 * - whole life: spawn to done (start-up, the group join and the last window included), CPU of the whole processes;
 * - work: from the last sample before any item was accepted to done — CPU per span without the start-up (PGlite's
 *   initialisation and migrations are a fixed cost of a few CPU-seconds that would otherwise dominate);
 * - steady: the pipeline's intake while every instance is consuming — from the first sample where each serve has
 *   accepted something to the one where nine tenths of the items were taken (after a rebalance the new owner of a
 *   partition replays what was read but not yet published, so items can be taken twice; that is work done too).
 */
function views(samples: Sample[]) {
  const last = samples[samples.length - 1]!;
  const before = [...samples].reverse().find((x) => sum(x.accepted) === 0) ?? samples[0]!;
  const from = samples.find((x) => x.accepted.every((n) => n > 0)) ?? last;
  const to = samples.find((x) => sum(x.taken) >= totalItems * 0.9) ?? last;
  const spansOf = (items: number) => (items * totalSpans) / totalItems;
  const steadySpans = spansOf(sum(to.taken) - sum(from.taken));
  return {
    work: { seconds: +(last.t - before.t).toFixed(2), cpuSeconds: +(sum(last.cpu) - sum(before.cpu)).toFixed(2), spansPerCpuSecond: Math.round(totalSpans / (sum(last.cpu) - sum(before.cpu))) },
    steady: to.t > from.t
      ? { seconds: +(to.t - from.t).toFixed(2), spansPerSecond: Math.round(steadySpans / (to.t - from.t)), spansPerCpuSecond: Math.round(steadySpans / (sum(to.cpu) - sum(from.cpu))) }
      : { seconds: 0, spansPerSecond: NaN, spansPerCpuSecond: NaN },
  };
}

async function measure(name: string, serves: Serve[], drive: (serves: Serve[]) => Promise<void>) {
  const t0 = performance.now();
  const [, samples] = await Promise.all([Promise.all(serves.map((s) => s.ready)).then(() => drive(serves)), sampleUntilDone(serves, t0)]);
  const last = samples[samples.length - 1]!;
  for (const s of serves) s.child.kill('SIGKILL');
  if (values.samples) writeFileSync(`${values.samples}-${name}.json`, JSON.stringify(samples));
  const r = { name, instances: serves.length, wallSeconds: +last.t.toFixed(2), cpuSeconds: +sum(last.cpu).toFixed(2), spansPerSecond: Math.round(totalSpans / last.t), spansPerCpuSecond: Math.round(totalSpans / sum(last.cpu)), ...views(samples) };
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
const http = await measure('http', [await spawnServe({})], (s) => postAll(s[0]!.otlp));
const plain = await measure('kafka', [await spawnServe(kafkaEnv(`${id}-plain`, false))], none);
const one = await measure('scale×1', [await spawnServe(kafkaEnv(`${id}-s1`, true))], none);
const two = await measure('scale×2', await Promise.all([spawnServe(kafkaEnv(`${id}-s2`, true)), spawnServe(kafkaEnv(`${id}-s2`, true))]), none);

const result = {
  spans: totalSpans, kafkaMessages: messages, cores: (await import('node:os')).availableParallelism(),
  runs: [http, plain, one, two],
  kafkaToHttpPerCore: +(plain.spansPerCpuSecond / http.spansPerCpuSecond).toFixed(2),
  kafkaToHttpWall: +(plain.spansPerSecond / http.spansPerSecond).toFixed(2),
  twoToOneInstances: +(two.spansPerSecond / one.spansPerSecond).toFixed(2),
  workKafkaToHttpPerCore: +(plain.work.spansPerCpuSecond / http.work.spansPerCpuSecond).toFixed(2),
  steadyTwoToOneInstances: +(two.steady.spansPerSecond / one.steady.spansPerSecond).toFixed(2),
  // The targets are read on the work view (per core) and the steady view (scale-out); the whole-life ratios above
  // include two start-ups and a group join, which a backlog of seconds cannot amortise.
  targets: { workKafkaToHttpPerCore: 0.8, steadyTwoToOneInstances: 1.6 },
  met: { workKafkaToHttpPerCore: plain.work.spansPerCpuSecond / http.work.spansPerCpuSecond >= 0.8, steadyTwoToOneInstances: two.steady.spansPerSecond / one.steady.spansPerSecond >= 1.6 },
};
console.log(`RESULT ${JSON.stringify(result)}`);
process.exit(0);
