/** Remediation kinds, the `Action.type` values of INTERFACES.md. */
export const ACTION_TYPES = ['ALERT', 'RATE_LIMIT', 'CIRCUIT_BREAK', 'AUTO_SCALE', 'RESTART', 'ROLLBACK', 'MANUAL'] as const;
export type ActionType = (typeof ACTION_TYPES)[number];

/** ALERT and MANUAL change nothing in the system; every other type mutates a workload. */
export const isMutating = (type: ActionType): boolean => type !== 'ALERT' && type !== 'MANUAL';
