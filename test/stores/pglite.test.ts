import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStores } from '../../src/stores/open-stores.js';
import { featureRow } from './fixtures.js';
import { runStoreContract } from './store-contract.js';

runStoreContract('PGlite (in memory)', async () => ({ stores: await openStores({ dataDir: 'memory://' }) }));

describe('PGlite in a data directory', () => {
  it('keeps data and schema across a reopen', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'aiops-pglite-'));
    try {
      const first = await openStores({ dataDir: dir });
      expect(first.applied.length).toBeGreaterThan(0);
      await first.features.upsertWindows([featureRow()]);
      await first.state.put('offset', 7);
      await first.close();

      const again = await openStores({ dataDir: dir });
      expect(again.applied).toEqual([]);
      expect(await again.state.get('offset')).toBe(7);
      expect(await again.features.listServices()).toEqual([{ name: 'checkout', lastSeen: featureRow().windowStart }]);
      expect(await again.ping()).toBe(true);
      await again.close();
      expect(await again.ping()).toBe(false);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
