/**
 * Timeouts and a connection cap for a `node:http` listener (the OTLP receiver and the API server). Without them a
 * client that sends a body one byte a minute, or opens connections and never speaks, holds a socket forever.
 *   requestTimeout    whole request (headers and body) must arrive within this (408, then closed)
 *   headersTimeout    headers must arrive within this
 *   keepAliveTimeout  advertised to clients (`Keep-Alive: timeout=N`); the server closes an idle connection only
 *                     KEEP_ALIVE_GRACE_MS later. Closing exactly at the advertised time raced with clients that
 *                     reuse the connection just then (undici closes at N − 1 s by its own coarse timers; under
 *                     load both sides' timers run late): the request was written into a closing socket and the
 *                     client saw ECONNRESET instead of an answer.
 *   maxConnections    requests on connections beyond this are answered 503 + Retry-After + `Connection: close`
 *                     (Node's own `server.maxConnections` destroys the socket at accept, which a client sees as a
 *                     connection reset, not as "retry later"); only beyond twice this are sockets dropped at accept
 * The timeouts are generous on purpose: Node checks them (and fires the idle close) in the timers phase, BEFORE the
 * loop reads sockets whose data arrived during a stall, so after a stalled event loop (a big store write on a
 * starved CPU: 10 s stalls at 10x load on a 2-core machine shared with other work) a 10 s header limit reset
 * hundreds of connections whose requests were already waiting unread. 30 s and a 15 s idle grace ride that out;
 * a slow client is still cut off.
 * Node checks the first two every `connectionsCheckingInterval` (30 s by default): it is set to a fraction of
 * them, so a timeout fires close to when it is due.
 */
import type { IncomingMessage, Server, ServerOptions, ServerResponse } from 'node:http';

export interface ServerLimits {
  requestTimeoutMs: number;
  headersTimeoutMs: number;
  keepAliveTimeoutMs: number;
  maxConnections: number;
}

/** How much longer than advertised the server keeps an idle connection open (see keepAliveTimeout above). */
export const KEEP_ALIVE_GRACE_MS = 15_000;

export const DEFAULT_SERVER_LIMITS: ServerLimits = {
  requestTimeoutMs: 30_000,
  headersTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  maxConnections: 1024,
};

function resolve(limits: Partial<ServerLimits> = {}): ServerLimits {
  const l = { ...DEFAULT_SERVER_LIMITS, ...limits };
  // Node requires headersTimeout <= requestTimeout.
  return { ...l, headersTimeoutMs: Math.min(l.headersTimeoutMs, l.requestTimeoutMs) };
}

/** Tells a request handler whether its connection is beyond the cap (answer 503 with `Connection: close`). */
export interface ConnectionGate {
  overCap(): boolean;
  /** Connections open now. */
  open(): number;
}

/** Applies the limits to a server created with `applyServerLimits.options(limits)`. */
export function applyServerLimits(server: Server, limits?: Partial<ServerLimits>): ConnectionGate {
  const l = resolve(limits);
  server.requestTimeout = l.requestTimeoutMs;
  server.headersTimeout = l.headersTimeoutMs;
  server.keepAliveTimeout = l.keepAliveTimeoutMs + KEEP_ALIVE_GRACE_MS;
  // Node would advertise the real (graced) timeout; a response that keeps the connection advertises the shorter one.
  // Set before the handler runs, so a handler's own `Connection: close` still wins.
  const hint = `timeout=${Math.max(1, Math.floor(l.keepAliveTimeoutMs / 1000))}`;
  server.prependListener('request', (_req: IncomingMessage, res: ServerResponse) => {
    if (res.shouldKeepAlive) {
      res.setHeader('connection', 'keep-alive');
      res.setHeader('keep-alive', hint);
    }
  });
  // The hard bound against a socket flood; up to it, extra connections get an HTTP answer (see above).
  server.maxConnections = 2 * l.maxConnections;
  let open = 0;
  server.on('connection', (socket) => {
    open++;
    socket.once('close', () => open--);
  });
  return { overCap: () => open > l.maxConnections, open: () => open };
}

/** Options for `createServer`: the timeout check interval can only be set there. */
applyServerLimits.options = (limits?: Partial<ServerLimits>): ServerOptions => {
  const l = resolve(limits);
  return {
    requestTimeout: l.requestTimeoutMs,
    headersTimeout: l.headersTimeoutMs,
    keepAliveTimeout: l.keepAliveTimeoutMs + KEEP_ALIVE_GRACE_MS,
    connectionsCheckingInterval: Math.max(50, Math.min(1_000, Math.floor(l.headersTimeoutMs / 4))),
  };
};
