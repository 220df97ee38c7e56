// Partitions only for days that have rows, a bounded number per write (issue 12: one 1990 row next to a current
// one created ~13,000 daily partitions synchronously in the embedded database).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStores, type Stores } from '../../src/stores/open-stores.js';
import { ensurePartitions, listPartitions, MAX_RANGE_DAYS, partitionName } from '../../src/stores/partitions.js';
import { DAY, featureRow, MIN } from './fixtures.js';

describe('feature_windows partitions on PGlite', () => {
  let stores: Stores;
  beforeAll(async () => {
    stores = await openStores({ dataDir: 'memory://', partitionDaysAhead: 0 });
  }, 60_000);
  afterAll(() => stores?.close());

  const count = async () => (await listPartitions(stores.client)).length;
  const day = (t: number) => Math.floor(t / DAY) * DAY;

  it('a 1990 row next to a current one adds one partition, not one per day in between', async () => {
    const before = await count();
    const old = Date.UTC(1990, 0, 1, 12);
    const now = day(Date.now()) + 10 * MIN;
    const started = Date.now();
    await stores.features.upsertWindows([featureRow({ service: 'old', windowStart: old }), featureRow({ service: 'new', windowStart: now })]);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(await count()).toBe(before + 1);
    expect((await listPartitions(stores.client)).map((p) => p.name)).toContain(partitionName(day(old)));
    expect((await stores.features.queryRange(old, old + 1)).map((w) => w.service)).toEqual(['old']);
    expect((await stores.features.queryRange(now, now + 1)).map((w) => w.service)).toEqual(['new']);
  });

  it('creates at most three partitions per write, newest first; rows of the other days wait in DEFAULT', async () => {
    const base = Date.UTC(2001, 5, 1);
    const days = [0, 1, 2, 3, 4].map((i) => base + i * DAY);
    const before = await count();
    await stores.features.upsertWindows(days.map((d, i) => featureRow({ service: `s${i}`, windowStart: d + MIN })));
    expect(await count()).toBe(before + 3);
    const names = (await listPartitions(stores.client)).map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining([partitionName(days[4]), partitionName(days[3]), partitionName(days[2])]));
    expect(names).not.toContain(partitionName(days[0]));
    const where = await stores.client.query<{ service: string; p: string }>(
      `SELECT service, tableoid::regclass::text AS p FROM feature_windows WHERE service IN ('s0','s1','s2','s3','s4') ORDER BY service`,
    );
    expect(where.rows).toEqual([
      { service: 's0', p: 'feature_windows_default' },
      { service: 's1', p: 'feature_windows_default' },
      { service: 's2', p: partitionName(days[2]) },
      { service: 's3', p: partitionName(days[3]) },
      { service: 's4', p: partitionName(days[4]) },
    ]);
  });

  it('a range wider than MAX_RANGE_DAYS keeps only its newest days', async () => {
    const to = Date.UTC(2010, 0, 1);
    const created = await ensurePartitions(stores.client, Date.UTC(1990, 0, 1), to);
    expect(created).toHaveLength(MAX_RANGE_DAYS);
    expect(created[0]).toBe(partitionName(to - MAX_RANGE_DAYS * DAY));
    expect(created[created.length - 1]).toBe(partitionName(to - DAY));
  }, 60_000);
});
