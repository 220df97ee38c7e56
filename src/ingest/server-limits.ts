/**
 * Timeouts and a connection cap for a `node:http` listener (the OTLP receiver and the API server). Without them a
 * client that sends a body one byte a minute, or opens connections and never speaks, holds a socket forever.
 *   requestTimeout    whole request (headers and body) must arrive within this (408, then closed)
 *   headersTimeout    headers must arrive within this
 *   keepAliveTimeout  an idle kept-alive connection is closed after this
 *   maxConnections    sockets beyond this are refused at accept
 * Node checks the first two every `connectionsCheckingInterval` (30 s by default): it is set to a fraction of
 * them, so a timeout fires close to when it is due.
 */
import type { Server, ServerOptions } from 'node:http';

export interface ServerLimits {
  requestTimeoutMs: number;
  headersTimeoutMs: number;
  keepAliveTimeoutMs: number;
  maxConnections: number;
}

export const DEFAULT_SERVER_LIMITS: ServerLimits = {
  requestTimeoutMs: 30_000,
  headersTimeoutMs: 10_000,
  keepAliveTimeoutMs: 5_000,
  maxConnections: 1024,
};

function resolve(limits: Partial<ServerLimits> = {}): ServerLimits {
  const l = { ...DEFAULT_SERVER_LIMITS, ...limits };
  // Node requires headersTimeout <= requestTimeout.
  return { ...l, headersTimeoutMs: Math.min(l.headersTimeoutMs, l.requestTimeoutMs) };
}

/** Applies the limits to a server created with `applyServerLimits.options(limits)`. */
export function applyServerLimits(server: Server, limits?: Partial<ServerLimits>): void {
  const l = resolve(limits);
  server.requestTimeout = l.requestTimeoutMs;
  server.headersTimeout = l.headersTimeoutMs;
  server.keepAliveTimeout = l.keepAliveTimeoutMs;
  server.maxConnections = l.maxConnections;
}

/** Options for `createServer`: the timeout check interval can only be set there. */
applyServerLimits.options = (limits?: Partial<ServerLimits>): ServerOptions => {
  const l = resolve(limits);
  return {
    requestTimeout: l.requestTimeoutMs,
    headersTimeout: l.headersTimeoutMs,
    keepAliveTimeout: l.keepAliveTimeoutMs,
    connectionsCheckingInterval: Math.max(50, Math.min(1_000, Math.floor(l.headersTimeoutMs / 4))),
  };
};
