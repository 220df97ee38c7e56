import { createApp } from '../app.js';
import { loadConfig } from '../config/config.js';
import { exposureProblem } from '../api/exposure.js';
import { createAuthenticator } from '../api/authenticate.js';
import { EXIT, type Command } from './io.js';

/** Long-running: OTLP receiver + pipeline + HTTP API until SIGINT/SIGTERM, then a graceful drain. */
export const serve: Command = async (_argv, io) => {
  const config = loadConfig(io.env);
  // Before anything opens or listens: an API reachable beyond loopback must authenticate its callers.
  const exposed = exposureProblem(config.host, config.api);
  if (exposed) {
    io.err(`aiops serve: ${exposed}`);
    return EXIT.USAGE;
  }
  // A bad tokens or JWKS file stops here (CONFIG.INVALID → exit 2), before the stores open.
  createAuthenticator(config.api);
  const app = await createApp(config);
  await app.start();
  const { otlp, http } = app.ports();
  io.err(`otlp-aiops: OTLP/HTTP on http://${config.host}:${otlp}, API on http://${config.host}:${http} (${app.stores.engine})`);
  await new Promise<void>((resolve) => {
    const done = () => resolve();
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
  io.err('otlp-aiops: shutting down (draining the queue and closing open windows)');
  await app.stop();
  return 0;
};
