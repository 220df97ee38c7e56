/**
 * How many records each assigned partition still holds for this consumer: the broker's high watermark minus where
 * this process resumes reading (the next offset it tracks, else the group's committed offset, else the log start).
 * Event-time alignment (event-time-alignment.ts) asks at each assignment and again whenever a "read to the end"
 * claim has grown too old to let other partitions run ahead. One admin connection serves every read.
 */
import type { Admin, Kafka } from 'kafkajs';

export interface PartitionRef {
  topic: string;
  partition: number;
}

export interface BacklogReader {
  /** Backlog per "topic/partition" for the partitions asked, read when the returned `readAtMs` says. */
  read(parts: PartitionRef[], nextToRead: (p: PartitionRef) => string | undefined, nowMs: () => number): Promise<{ readAtMs: number; lag: Map<string, number> }>;
  close(): Promise<void>;
}

export function createBacklogReader(client: Kafka, groupId: string): BacklogReader {
  let admin: Admin | undefined;
  let connecting: Promise<Admin> | undefined;

  async function connected(): Promise<Admin> {
    if (admin) return admin;
    connecting ??= (async () => {
      const a = client.admin();
      try {
        await a.connect();
      } catch (e) {
        connecting = undefined;
        throw e;
      }
      admin = a;
      return a;
    })();
    return connecting;
  }

  async function readOnce(parts: PartitionRef[], nextToRead: (p: PartitionRef) => string | undefined, nowMs: () => number) {
    const a = await connected();
    // The time before the broker is asked: records written after it may not be counted in this read.
    const readAtMs = nowMs();
    const topics = [...new Set(parts.map((p) => p.topic))];
    const wanted = new Set(parts.map((p) => `${p.topic}/${p.partition}`));
    const needCommitted = parts.filter((p) => nextToRead(p) === undefined);
    const committed = new Map<string, number>();
    if (needCommitted.length) {
      for (const t of await a.fetchOffsets({ groupId, topics: [...new Set(needCommitted.map((p) => p.topic))] }))
        for (const p of t.partitions) committed.set(`${t.topic}/${p.partition}`, Number(p.offset));
    }
    const lag = new Map<string, number>();
    for (const topic of topics) {
      for (const p of await a.fetchTopicOffsets(topic)) {
        const key = `${topic}/${p.partition}`;
        if (!wanted.has(key)) continue;
        const held = nextToRead({ topic, partition: p.partition });
        const from = Math.max(Number(p.low), held !== undefined ? Number(held) : (committed.get(key) ?? -1));
        lag.set(key, Number(p.high) - from);
      }
    }
    return { readAtMs, lag };
  }

  return {
    read: readOnce,
    async close() {
      await admin?.disconnect().catch(() => undefined);
      admin = undefined;
      connecting = undefined;
    },
  };
}
