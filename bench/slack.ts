/**
 * Slack ack latency: 20 slash commands sent at once (signed, real shape) to the real HTTP handler, answered
 * from PGlite, with Web API calls and response_url posts going to the local stand-in. Measures request sent →
 * HTTP ack received, over several rounds. Slack's limit is 3 s; the target is p99 < 300 ms.
 * Run: npx tsx bench/slack.ts [--rounds N] [--concurrency N]
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { silentLogger } from '../src/obs/logger.js';
import { createMetrics } from '../src/obs/metrics.js';
import { createSlackApp } from '../src/slack/app.js';
import { openStores } from '../src/stores/open-stores.js';
import { startSlackStandin } from '../test/contract/slack-web-api-standin.js';
import { postSlack, slackCommand } from '../test/helpers/slack-payloads.js';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const rounds = arg('rounds', 10);
const concurrency = arg('concurrency', 20);
const SECRET = 'bench-secret';
const TOKEN = 'xoxb-bench-000000001';
const TEXTS = ['incidents', 'status', 'incident inc-1', 'help', 'rca checkout', 'actions', 'graph checkout', 'nonsense'];

const standin = await startSlackStandin({ token: TOKEN });
const stores = await openStores({ dataDir: 'memory://' });
const now = Date.now();
await stores.incidents.save({ id: 'inc-1', status: 'open', severity: 'high', openedAt: new Date(now).toISOString(), firstAnomalyAt: new Date(now - 120_000).toISOString(), resolvedAt: null, services: ['checkout'], rootCauses: [{ service: 'checkout', indicator: 'latency', score: 0.8, evidence: ['p99 up'] }], anomalies: [] });
const ops = { features: stores.features, graph: stores.graph, incidents: stores.incidents, clock: { now: () => Date.now() }, windowMs: 60_000 };
const slack = createSlackApp({ botToken: TOKEN, signingSecret: SECRET, appToken: undefined, apiUrl: standin.apiUrl, incidentChannel: 'C0INC', approvers: [] }, { ops, logger: silentLogger, metrics: createMetrics(), clock: { now: () => Date.now() } });
const server = createServer((req, res) => void slack.handler(req, res));
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;

const send = (i: number) => postSlack(url, slackCommand({ text: TEXTS[i % TEXTS.length]!, user_id: `U${i}`, response_url: standin.responseUrl(`b${i}`) }), { secret: SECRET });
await Promise.all(Array.from({ length: concurrency }, (_, i) => send(i)));
await slack.drain();

const samples: number[] = [];
let failures = 0;
for (let r = 0; r < rounds; r++) {
  const res = await Promise.all(Array.from({ length: concurrency }, (_, i) => send(r * concurrency + i)));
  for (const x of res) {
    samples.push(x.ms);
    if (x.status !== 200) failures++;
  }
  await slack.drain();
}
samples.sort((a, b) => a - b);
const q = (p: number) => samples[Math.min(samples.length - 1, Math.ceil(p * samples.length) - 1)]!;
const result = { concurrency, rounds, samples: samples.length, p50Ms: +q(0.5).toFixed(1), p99Ms: +q(0.99).toFixed(1), maxMs: +samples.at(-1)!.toFixed(1), failures, targetP99Ms: 300 };
console.log(`ack latency over ${samples.length} slash commands (${concurrency} at once, ${rounds} rounds): p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms, max ${result.maxMs} ms, non-200: ${failures}`);
console.log(`response_url replies recorded: ${standin.responses.length}`);
await slack.stop();
await new Promise<void>((r) => server.close(() => r()));
await standin.close();
await stores.close();
console.log(`RESULT ${JSON.stringify(result)}`);
