import { describe, expect, inject, it } from 'vitest';
import { isAiopsError } from '../../src/core/index.js';
import { openStores } from '../../src/stores/open-stores.js';
import { createTestDatabase } from '../helpers/pg.js';
import { runStoreContract } from './store-contract.js';

const adminUrl = inject('pgUrl');

if (adminUrl) {
  runStoreContract('PostgreSQL', async () => {
    const db = await createTestDatabase(adminUrl);
    // 'off': this suite tests the native-partitioning layout even on a server that offers TimescaleDB.
    return { stores: await openStores({ databaseUrl: db.url, dataDir: 'memory://', timescale: 'off' }), cleanup: db.drop };
  });

  describe('PostgreSQL open', () => {
    it('applies each migration once when several processes open a fresh database together', async () => {
      const db = await createTestDatabase(adminUrl);
      try {
        const opened = await Promise.all([1, 2, 3].map(() => openStores({ databaseUrl: db.url, dataDir: 'memory://', timescale: 'off' })));
        const applied = opened.flatMap((s) => s.applied);
        expect(new Set(applied).size).toBe(applied.length);
        expect(applied.length).toBeGreaterThan(0);
        await Promise.all(opened.map((s) => s.close()));
      } finally {
        await db.drop();
      }
    });

    it('fails with STORE.UNAVAILABLE and no password in the message when the server is unreachable', async () => {
      const url = new URL(adminUrl);
      url.port = '1';
      const err = await openStores({ databaseUrl: url.toString(), dataDir: 'memory://' }).catch((e: unknown) => e);
      expect(isAiopsError(err) && err.code).toBe('STORE.UNAVAILABLE');
      expect(String((err as Error).message)).not.toContain(decodeURIComponent(url.password));
    });
  });
} else {
  describe.skip(`PostgreSQL suite skipped: ${inject('pgSkipReason') || 'no server'}`, () => {
    it('runs the store contract on PostgreSQL', () => {});
  });
}
