/**
 * Removes credentials from names that become graph nodes (peer.service, server.address, db.name …). Instrumentations
 * sometimes put a whole connection string there (`postgres://app:secretpw@db:5432/orders?sslmode=require&password=x`),
 * and a node name is stored, shown in the UI and readable through guarded SQL, so the secret must go before that.
 * Stripped: the userinfo of a URL (`scheme://user:pass@`), a bare `user:pass@` or `user@` authority prefix, and secret-looking parameters
 * (`password=`, `pwd=`, `token=`, `secret=`, `api_key=` …) in a query string or a `;`-separated connection string.
 * Pure and cheap: strings without '@' or '=' are returned as they are.
 */

// Greedy up to the last '@' of the authority: an unencoded '@' inside a password is still removed.
const URL_USERINFO = /^([a-z][a-z0-9+.-]*:\/\/)[^/?#\s]*@/i;
const BARE_USERINFO = /^[^/?#\s]*@/;
const SECRET_PARAM = /([?&;]|^)\s*(password|passwd|pwd|pass|secret|token|access_token|auth|authorization|api[-_]?key|apikey|credentials?|sig|signature)\s*=[^&;#]*/gi;

/** `name` with userinfo and secret parameters removed; a name that was nothing but a secret becomes ''. */
export function stripCredentials(name: string): string {
  if (name.indexOf('@') === -1 && name.indexOf('=') === -1) return name;
  let out = name.replace(URL_USERINFO, '$1');
  if (out === name) out = out.replace(BARE_USERINFO, '');
  if (out.indexOf('=') !== -1) out = tidySeparators(out.replace(SECRET_PARAM, '$1'));
  return out;
}

/** After removing parameters: no doubled, leading or trailing separators (`?&a=1` → `?a=1`, `x?` → `x`). */
function tidySeparators(s: string): string {
  return s
    .replace(/([?&;])[&;]+/g, '$1')
    .replace(/\?(?=#|$)/, '')
    .replace(/[&;]+(?=#|$)/, '')
    .replace(/^[;&]+/, '');
}

/** `stripCredentials` for optional attributes. */
export function stripOptional(name: string | undefined): string | undefined {
  return name === undefined ? undefined : stripCredentials(name);
}
