import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkInputFile } from '../util/input-file.js';

/** `evidence/remediation.json`: which issue tracks each control, and when remediation acted on it. */
export interface RemediationState {
  schemaVersion: 1;
  /** `owner/name` of the repository the issues are in. */
  repo: string;
  controls: Record<string, ControlIssue>;
}

export interface ControlIssue {
  number: number;
  url: string;
  state: 'open' | 'closed';
  /** What remediation did, oldest first: the UTC day (of the bundle's as-of time) and the bundle. */
  events: Array<{ action: 'opened' | 'reopened' | 'closed'; day: string; bundle: string }>;
}

export const STATE_FILE = 'remediation.json';

/**
 * Reads the state file next to the bundles; absent → empty. Why not an error when unreadable: it is a convenience
 * index (the issues themselves are found by marker), so a damaged one is reported and rebuilt, never trusted.
 */
export function readRemediationState(evidenceDir: string): { state?: RemediationState; problem?: string } {
  const path = join(evidenceDir, STATE_FILE);
  if (!existsSync(path)) return {};
  const why = checkInputFile(path);
  if (why) return { problem: `${path}: ${why}` };
  try {
    const v = JSON.parse(readFileSync(path, 'utf8')) as RemediationState;
    if (v?.schemaVersion !== 1 || typeof v.controls !== 'object' || v.controls === null)
      return { problem: `${path}: not a remediation state file (schemaVersion 1)` };
    return { state: v };
  } catch (err) {
    return { problem: `${path}: ${(err as Error).message}` };
  }
}

export function writeRemediationState(evidenceDir: string, state: RemediationState): void {
  const path = join(evidenceDir, STATE_FILE);
  writeFileSync(`${path}.tmp`, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(`${path}.tmp`, path);
}

/** Records one action's outcome in the state (in place). */
export function recordAction(
  state: RemediationState,
  control: string,
  issue: { number: number; url: string },
  kind: string,
  day: string,
  bundle: string,
): void {
  const entry = (state.controls[control] ??= { number: issue.number, url: issue.url, state: 'open', events: [] });
  entry.number = issue.number;
  entry.url = issue.url;
  const action = kind === 'open' ? 'opened' : kind === 'reopen' ? 'reopened' : kind === 'close' ? 'closed' : undefined;
  if (kind === 'open' || kind === 'reopen' || kind === 'update' || kind === 'unchanged') entry.state = 'open';
  if (kind === 'close') entry.state = 'closed';
  if (action) entry.events.push({ action, day, bundle });
}
