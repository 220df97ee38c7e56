/**
 * The one naming scheme for nodes that do not report their own `service.name` (databases, message
 * destinations, uninstrumented peers). Features, graph stores, RCA, Slack and the agent all see these names.
 *
 *   database   `<db.system>://<host>[:<port>][/<db.namespace>]`   postgresql://orders-db/orders
 *              `<db.system>:<db.namespace>` when no host is known   postgresql:orders
 *              `<db.system>` when neither is                        redis
 *   messaging  `<messaging.system>:<destination>`                  kafka:orders
 *   external   `<host>[:<port>]`                                   api.stripe.com
 *   peer.service (or service.peer.name) wins over all of these, as in Tempo's service graphs.
 *
 * host is `server.address`, else `network.peer.address` (with `network.peer.port`); old names are read as
 * fallback by the decoder. Hosts are lower-cased, credentials (`user:pass@`) are stripped, and a port is shown
 * only when it is not the system's default, so clients that do and do not report `server.port` agree.
 * A message destination is named without its broker: brokers of one topic differ per partition leader.
 */
import { stripCredentials } from './strip-credentials.js';

/** Default ports, omitted from names (both `db.system` values and `db.system.name` values are listed). */
const DEFAULT_PORTS: Record<string, number> = {
  postgresql: 5432, mysql: 3306, mariadb: 3306, redis: 6379, mongodb: 27017, mssql: 1433, 'microsoft.sql_server': 1433,
  oracle: 1521, 'oracle.db': 1521, cassandra: 9042, elasticsearch: 9200, opensearch: 9200, clickhouse: 9000,
  couchdb: 5984, memcached: 11211, kafka: 9092, rabbitmq: 5672, http: 80, https: 443,
};

/** Ports that mean "the web" for an external peer whose scheme is unknown. */
const WEB_PORTS = new Set([80, 443]);

function isDefaultPort(system: string | undefined, port: number): boolean {
  return system === undefined ? WEB_PORTS.has(port) : DEFAULT_PORTS[system] === port;
}

/** `host[:port]`: credentials stripped, lower-case, the default port of `system` (or 80/443) left out. */
export function hostPort(host: string, port: number | undefined, system?: string): string {
  const h = stripCredentials(host).toLowerCase();
  if (port === undefined || !(port > 0) || isDefaultPort(system, port) || h.includes(':')) return h;
  return `${h}:${port}`;
}

export interface DatabasePeer {
  system?: string;
  host?: string;
  port?: number;
  namespace?: string;
}

/** The database node name (scheme above). */
export function databaseNodeName(p: DatabasePeer): string {
  const system = (p.system ?? 'db').toLowerCase();
  const ns = p.namespace ? stripCredentials(p.namespace) : '';
  if (p.host) return `${system}://${hostPort(p.host, p.port, system)}${ns ? `/${ns}` : ''}`;
  return ns ? `${system}:${ns}` : system;
}

export function messagingNodeName(system: string, destination: string): string {
  return `${system.toLowerCase()}:${destination}`;
}

/**
 * The host of a URL or of an HTTP `Host` header (`https://u:p@api.stripe.com:8443/v1` → `api.stripe.com:8443`),
 * or undefined when it has none. Credentials never survive.
 */
export function hostOfUrl(url: string): string | undefined {
  const scheme = url.indexOf('://');
  const from = scheme >= 0 ? scheme + 3 : 0;
  let end = url.length;
  for (let i = from; i < url.length; i++) {
    const c = url.charCodeAt(i);
    if (c === 47 || c === 63 || c === 35) {
      end = i;
      break;
    }
  }
  const authority = stripCredentials(url.slice(from, end));
  return authority === '' ? undefined : authority.toLowerCase();
}

/** `api.stripe.com:8443` → host and port; `[::1]:8080` → `[::1]` and 8080; no port → port undefined. */
export function splitHostPort(authority: string): { host: string; port: number | undefined } {
  const colon = authority.lastIndexOf(':');
  const bracket = authority.lastIndexOf(']');
  if (colon < 0 || colon < bracket || (authority.indexOf(':') !== colon && bracket < 0)) return { host: authority, port: undefined };
  const port = Number(authority.slice(colon + 1));
  return Number.isInteger(port) && port > 0 ? { host: authority.slice(0, colon), port } : { host: authority, port: undefined };
}
