import { describe, it } from 'vitest';
import { openStores } from '../../src/stores/open-stores.js';
import { createTestDatabase } from '../helpers/pg.js';
import { runStoreContract } from './store-contract.js';

/** TimescaleDB is not installable here (see INFRA.md); the hypertable layout runs where TIMESCALE_URL is set. */
const url = process.env.TIMESCALE_URL;

if (url) {
  runStoreContract('TimescaleDB', async () => {
    const db = await createTestDatabase(url);
    return { stores: await openStores({ databaseUrl: db.url, dataDir: 'memory://' }), cleanup: db.drop };
  });
} else {
  describe.skip('TimescaleDB suite skipped: set TIMESCALE_URL to a server with the timescaledb extension', () => {
    it('runs the store contract on TimescaleDB', () => {});
  });
}
