/**
 * Refuse to start exposed: an API that listens beyond loopback must authenticate its callers, and the Host
 * allow-list that defends a loopback API against DNS rebinding.
 */
import { AiopsError } from '../core/errors.js';
import { authConfigured, type ApiAuthConfig } from './authenticate.js';

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '::1'];

export function isLoopback(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** Why `serve` must not start (names the fix), or null. */
export function exposureProblem(host: string, api: (ApiAuthConfig & { insecure?: boolean }) | undefined): string | null {
  if (isLoopback(host) || authConfigured(api) || api?.insecure) return null;
  return (
    `AIOPS_HOST=${host} would expose the HTTP API beyond loopback without authentication. ` +
    'Set AIOPS_API_TOKENS_FILE (or AIOPS_OIDC_ISSUER, AIOPS_OIDC_AUDIENCE and a JWKS), or bind AIOPS_HOST=127.0.0.1; ' +
    'AIOPS_INSECURE_API=true starts it unauthenticated anyway'
  );
}

export function assertNotExposed(host: string, api: (ApiAuthConfig & { insecure?: boolean }) | undefined): void {
  const problem = exposureProblem(host, api);
  if (problem) throw new AiopsError('CONFIG.INVALID', problem, { meta: { variables: ['AIOPS_HOST', 'AIOPS_API_TOKENS_FILE', 'AIOPS_INSECURE_API'] } });
}

/**
 * A browser tricked by DNS rebinding sends the attacker's name as Host; the API answers only names it is
 * known by. `*` turns the check off (behind a proxy that checks Host itself).
 */
export function hostAllowList(bindHost: string, configured: readonly string[] | undefined): (hostHeader: string | undefined) => boolean {
  if (configured?.includes('*')) return () => true;
  const names = new Set([...LOOPBACK_NAMES, ...(configured ?? [])].map((n) => n.toLowerCase()));
  const bind = bindHost.toLowerCase();
  if (bind !== '0.0.0.0' && bind !== '::' && bind !== '') names.add(bind.replace(/^\[|\]$/g, ''));
  return (header) => {
    if (!header) return false;
    // Host is name[:port] or [v6]:port; the port is not checked (ports may be remapped by Docker or a proxy).
    const m = /^(?:\[([^\]]+)\]|([^:]+))(?::\d{1,5})?$/.exec(header.trim().toLowerCase());
    const name = m ? (m[1] ?? m[2])! : '';
    return names.has(name);
  };
}
