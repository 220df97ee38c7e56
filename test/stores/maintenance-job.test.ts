import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMaintenanceJob } from '../../src/stores/maintenance-job.js';
import { openStores, type Stores } from '../../src/stores/open-stores.js';
import { listPartitions, partitionName } from '../../src/stores/partitions.js';
import { DAY, DAY0, featureRow } from './fixtures.js';

describe('storage maintenance job (PGlite)', () => {
  let stores: Stores;
  beforeAll(async () => {
    stores = await openStores({ dataDir: 'memory://', partitionDaysAhead: 0 });
  });
  afterAll(() => stores.close());

  it('creates partitions ahead of the clock and applies retention on each pass', async () => {
    let now = DAY0 + 100 * DAY;
    const job = createMaintenanceJob({ client: stores.client, features: stores.features, clock: { now: () => now } }, { intervalMs: 20, daysAhead: 2 });
    await stores.features.upsertWindows([featureRow({ windowStart: now - 8 * DAY }), featureRow({ windowStart: now - DAY })]);
    expect(await job.runOnce()).toEqual({ created: [partitionName(now), partitionName(now + DAY)], deleted: 1 });

    now += 7 * DAY;
    job.start();
    await expect.poll(async () => (await listPartitions(stores.client)).map((p) => p.name), { timeout: 5000 }).toContain(partitionName(now + DAY));
    await job.stop();
    expect(await stores.features.queryRange(0, Infinity)).toEqual([]);
  });
});
