/**
 * Who may decide on a remediation: user IDs (U…/W…) listed in SLACK_APPROVERS, or members of user groups
 * (S…) listed there, resolved with usergroups.users.list and cached briefly so a burst of clicks costs one
 * call. Fails closed: an empty list or a failed lookup approves nobody.
 */
import type { webApi } from '@slack/bolt';

type UsergroupsClient = Pick<webApi.WebClient, 'usergroups'> & { slackApiUrl?: string };

const TTL_MS = 60_000;
const cache = new Map<string, { users: Set<string>; until: number }>();

export async function isApprover(client: UsergroupsClient, approvers: string[], userId: string): Promise<boolean> {
  if (!userId) return false;
  if (approvers.includes(userId)) return true;
  for (const group of approvers.filter((a) => a.startsWith('S'))) {
    if ((await groupMembers(client, group)).has(userId)) return true;
  }
  return false;
}

async function groupMembers(client: UsergroupsClient, group: string): Promise<Set<string>> {
  const key = `${client.slackApiUrl ?? ''}|${group}`;
  const hit = cache.get(key);
  if (hit && hit.until > Date.now()) return hit.users;
  try {
    const r = await client.usergroups.users.list({ usergroup: group });
    const users = new Set(r.users ?? []);
    cache.set(key, { users, until: Date.now() + TTL_MS });
    return users;
  } catch {
    return new Set();
  }
}

/** Forget cached group members (tests, or after SLACK_APPROVERS changes). */
export function clearApproverCache(): void {
  cache.clear();
}
