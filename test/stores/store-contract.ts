/**
 * The store contract, run against every engine (PGlite in memory, real PostgreSQL, TimescaleDB when
 * TIMESCALE_URL is set). One database per suite; tables are emptied before each test.
 */
import { afterAll, beforeAll, beforeEach, describe } from 'vitest';
import type { Stores } from '../../src/stores/open-stores.js';
import { featureContract } from './contract-features.js';
import { graphContract } from './contract-graph.js';
import { incidentStateContract } from './contract-incidents-state.js';
import { schemaContract } from './contract-schema.js';

export type StoresFactory = () => Promise<{ stores: Stores; cleanup?: () => Promise<void> }>;
export type GetStores = () => Stores;

export function runStoreContract(name: string, makeStores: StoresFactory): void {
  describe(`store contract: ${name}`, () => {
    let stores: Stores | undefined;
    let cleanup: (() => Promise<void>) | undefined;
    const get: GetStores = () => {
      if (!stores) throw new Error('stores not opened');
      return stores;
    };

    beforeAll(async () => {
      ({ stores, cleanup } = await makeStores());
    });
    afterAll(async () => {
      await stores?.close();
      await cleanup?.();
    });
    beforeEach(async () => {
      await get().client.exec('TRUNCATE feature_windows, edge_windows, graph_nodes, incidents, state_kv');
    });

    featureContract(get);
    graphContract(get);
    incidentStateContract(get);
    schemaContract(get);
  });
}
