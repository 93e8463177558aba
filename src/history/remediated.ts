import { readRemediationState } from '../remediate/state.js';
import type { ControlHistory } from './model.js';

/**
 * Marks the failure episodes `soc2 remediate` acted on with their issue: an episode is tracked when an issue of its
 * control was opened, re-opened or closed on a day from its start to the day it was resolved (or the window's
 * end). The state file is an index written by remediate, not evidence: an unreadable one marks nothing.
 */
export function markRemediated(evidenceDir: string, controls: ControlHistory[], lastDay: string | undefined): void {
  const { state } = readRemediationState(evidenceDir);
  if (!state) return;
  for (const c of controls) {
    const entry = state.controls[c.id];
    if (!entry || !Array.isArray(entry.events)) continue;
    for (const ep of c.episodes) {
      const until = ep.resolvedOn ?? lastDay ?? ep.end;
      const actions = entry.events.filter((e) => e.day >= ep.start && e.day <= until).map((e) => ({ action: e.action, day: e.day }));
      if (actions.length) ep.issue = { url: entry.url, number: entry.number, actions };
    }
  }
}
