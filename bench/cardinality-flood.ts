/**
 * Cardinality flood against a real app (embedded PGlite in memory): N random service.names, 100 per request,
 * through the OTLP handler. Prints the answers by status, RSS before/after and /healthz latency meanwhile.
 *   npx tsx bench/cardinality-flood.ts [names=900000]
 */
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config/config.js';
import { silentLogger } from '../src/obs/logger.js';

const total = Number(process.argv[2] ?? 900_000);
const app = await createApp(loadConfig({ AIOPS_DATA_DIR: 'memory://', AIOPS_OTLP_PORT: '0', AIOPS_HTTP_PORT: '0' }), { logger: silentLogger });
await app.start();
const api = `http://127.0.0.1:${app.ports().http}`;
const mib = () => Math.round(process.memoryUsage().rss / 2 ** 20);
const rssBefore = mib();
const now = Date.now();
const ns = String(BigInt(now - 60_000) * 1_000_000n);
const ns2 = String(BigInt(now - 59_990) * 1_000_000n);
let slowestHealth = 0;
let polling = true;
const poll = (async () => {
  while (polling) {
    const t = Date.now();
    await fetch(`${api}/healthz`);
    slowestHealth = Math.max(slowestHealth, Date.now() - t);
    await new Promise((r) => setTimeout(r, 100));
  }
})();
const statuses: Record<number, number> = {};
const started = Date.now();
let id = 1;
for (let i = 0; i < total; i += 100) {
  const resourceSpans = Array.from({ length: 100 }, (_, k) => ({
    resource: { attributes: [{ key: 'service.name', value: { stringValue: `flood-${i + k}-${Math.random().toString(36).slice(2)}` } }] },
    scopeSpans: [{ spans: [{ traceId: 'ab'.repeat(16), spanId: (id++).toString(16).padStart(16, '0'), name: 'GET /', kind: 2, startTimeUnixNano: ns, endTimeUnixNano: ns2 }] }],
  }));
  const r = await app.otlp!.handle('traces', Buffer.from(JSON.stringify({ resourceSpans })), 'application/json');
  statuses[r.status] = (statuses[r.status] ?? 0) + 1;
  await new Promise((r) => setImmediate(r)); // let /healthz in between, as separate HTTP requests would
}
const seconds = (Date.now() - started) / 1000;
polling = false;
await poll;
await app.pipeline.sync();
console.log(JSON.stringify({ names: total, seconds, statuses, rssBeforeMiB: rssBefore, rssAfterMiB: mib(), slowestHealthzMs: slowestHealth }));
await app.stop();
