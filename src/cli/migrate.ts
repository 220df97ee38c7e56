import { loadConfig } from '../config/config.js';
import { openStores } from '../stores/open-stores.js';
import type { Command } from './io.js';

/** Applies pending migrations (opening the stores runs them) and reports the engine. */
export const migrate: Command = async (_argv, io) => {
  const config = loadConfig(io.env);
  const stores = await openStores({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    io.out(`migrations applied on ${stores.engine}${config.databaseUrl ? '' : ` (${config.dataDir})`}`);
  } finally {
    await stores.close();
  }
  return 0;
};
