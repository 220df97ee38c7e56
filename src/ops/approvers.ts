/** The approver check from SLACK_APPROVERS as listed (user IDs); Slack resolves user groups (S…) on its side. */
export function listApprovers(ids: readonly string[]): (user: string) => Promise<boolean> {
  const set = new Set(ids);
  return async (user) => set.has(user);
}
