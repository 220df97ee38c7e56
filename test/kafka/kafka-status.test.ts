// Kafka ingest in `/aiops status` (Slack and `aiops chat` render the same outcome) and the consumer's
// messages-per-second over the last minute. No broker needed: the consumer's view is given as a function.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderOutcomeText } from '../../src/cli/chat-render.js';
import { runChatCommand } from '../../src/ops/chat-command-run.js';
import type { KafkaView } from '../../src/ops/context.js';
import { renderOutcome } from '../../src/slack/blocks/outcome.js';
import { createThroughput } from '../../src/ingest/kafka/throughput.js';
import { openStores, type Stores } from '../../src/stores/open-stores.js';
import { systemClock } from '../../src/core/index.js';

let stores: Stores;
beforeAll(async () => {
  stores = await openStores({ dataDir: 'memory://' });
});
afterAll(() => stores.close());

const view: KafkaView = { groupId: 'aiops', lag: 1200, messagesPerSecond: 350.4, messages: 90_000, deadLetters: 3, pausedPartitions: 2 };
const ops = () => ({ features: stores.features, graph: stores.graph, incidents: stores.incidents, clock: systemClock, windowMs: 60_000 });

describe('/aiops status with Kafka ingest', () => {
  it('shows lag, throughput, dead letters and paused partitions in text and in Slack', async () => {
    const outcome = await runChatCommand({ ops: { ...ops(), kafka: () => view } }, { name: 'status' }, { user: 'U1' });
    const line = 'kafka (group aiops): lag 1200 messages, 350 messages/s, 90000 consumed, 3 dead-lettered, 2 partitions paused';
    expect(renderOutcomeText(outcome)).toContain(line);
    expect(JSON.stringify(renderOutcome(outcome).blocks)).toContain(line);
  });

  it('says nothing about Kafka when the process does not consume it', async () => {
    const outcome = await runChatCommand({ ops: ops() }, { name: 'status' }, { user: 'U1' });
    expect(renderOutcomeText(outcome)).not.toContain('kafka');
  });
});

describe('consumer throughput', () => {
  it('is messages per second over the last minute', () => {
    const t = createThroughput();
    expect(t.perSecond(0, 0)).toBe(0);
    t.record(0, 0);
    t.record(500, 40); // within the same second: not sampled
    t.record(10_000, 100);
    expect(t.perSecond(10_000, 100)).toBe(10);
    t.record(70_000, 700);
    // The sample at 0 is older than a minute once one at 10 s covers the span: (700 - 100) / 60 s.
    expect(t.perSecond(70_000, 700)).toBe(10);
    expect(t.perSecond(100_000, 700)).toBeCloseTo(600 / 90, 6);
  });
});
