/** Orders the checks of organisation-level GitHub evidence compare by (the records' types are EvidenceTypes'). */

/** Base permissions from least to most. */
export const PERMISSION_RANK = { none: 0, read: 1, write: 2, admin: 3 } as const;
export type BasePermission = keyof typeof PERMISSION_RANK;

/** Code scanning security severities from least to most. */
export const SEVERITY_RANK = { low: 1, medium: 2, high: 3, critical: 4 } as const;
export type Severity = keyof typeof SEVERITY_RANK;
