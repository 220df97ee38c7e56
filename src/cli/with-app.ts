/** Opens the configured stores for a one-shot command and closes them afterwards. */
import { createApp, type App } from '../app.js';
import { loadConfig } from '../config/config.js';
import { createLogger } from '../obs/logger.js';
import type { CliIo } from './io.js';

export async function withApp<T>(io: CliIo, fn: (app: App) => Promise<T>): Promise<T> {
  const config = loadConfig(io.env);
  const app = await createApp(config, { servers: false, logger: createLogger({ level: 'warn' }) });
  try {
    return await fn(app);
  } finally {
    await app.stores.close();
  }
}
