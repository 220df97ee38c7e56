/** Who is calling the API: the credential's id, the identity it acts as (the approver id Slack uses), its roles. */
export const ROLES = ['read', 'propose', 'decide'] as const;
export type Role = (typeof ROLES)[number];

export interface Principal {
  /** Token entry id, or the JWT's `jti`/subject; `anonymous` without authentication. */
  credential: string;
  /** Recorded as proposer or decider and checked against SLACK_APPROVERS. */
  identity: string;
  roles: ReadonlySet<Role>;
  method: 'token' | 'oidc' | 'anonymous';
}

/** With no authentication configured (loopback, or AIOPS_INSECURE_API=true) callers may read, nothing more. */
export const ANONYMOUS: Principal = Object.freeze({ credential: 'anonymous', identity: 'anonymous', roles: new Set<Role>(['read']), method: 'anonymous' });
