/** Adapts our redacting logger to the Logger interface Bolt and its clients expect. */
import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../obs/logger.js';

export function boltLogger(logger: Logger): BoltLogger {
  let level: LogLevel = LogLevel.INFO;
  const join = (msg: unknown[]) => msg.map((m) => (typeof m === 'string' ? m : m instanceof Error ? m.message : JSON.stringify(m))).join(' ');
  return {
    debug: (...m: unknown[]) => logger.debug(join(m), { component: 'bolt' }),
    info: (...m: unknown[]) => logger.info(join(m), { component: 'bolt' }),
    warn: (...m: unknown[]) => logger.warn(join(m), { component: 'bolt' }),
    error: (...m: unknown[]) => logger.error(join(m), { component: 'bolt' }),
    setLevel: (l: LogLevel) => void (level = l),
    getLevel: () => level,
    setName: () => undefined,
  };
}
