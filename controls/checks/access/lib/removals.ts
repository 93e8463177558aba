import type { EvidenceView } from '../../../../src/types.js';

export interface Removal {
  at: string;
  what: string;
  ref: string;
  scope: string;
}

const OKTA_REMOVALS = ['user.lifecycle.suspend', 'user.lifecycle.deactivate'];
/** CloudTrail IAM events that end a user's access (console password, keys, or the user itself). */
const IAM_REMOVALS = ['DeleteUser', 'DeleteLoginProfile', 'DeleteAccessKey', 'UpdateAccessKey'];

/** Earliest removal event per `<system>/<account name>` from Okta System Log and CloudTrail history. */
export function removalEvents(view: Pick<EvidenceView, 'each'>): Map<string, Removal> {
  const out = new Map<string, Removal>();
  const put = (key: string, r: Removal) => {
    const prev = out.get(key);
    if (!prev || r.at < prev.at) out.set(key, r);
  };
  // Streamed: event populations can be large; only removals are kept.
  view.each('okta.log.user-lifecycle', (rec) => {
    const e = rec.data;
    if (!OKTA_REMOVALS.includes(e.eventType)) return;
    const t = e.target.find((x) => x.type === 'User');
    if (t?.alternateId) put(`okta/${t.alternateId.toLowerCase()}`, { at: e.published, what: e.eventType, ref: rec.ref, scope: rec.scope });
  });
  view.each('aws.cloudtrail.event', (rec) => {
    const e = rec.data;
    if (!IAM_REMOVALS.includes(e.eventName)) return;
    // Why: UpdateAccessKey also re-activates keys; only a change to Inactive removes access.
    if (e.eventName === 'UpdateAccessKey' && e.requestParameters?.status !== 'Inactive') return;
    const user = e.requestParameters?.userName;
    if (user) put(`aws/${user.toLowerCase()}`, { at: e.eventTime, what: `CloudTrail ${e.eventName}`, ref: rec.ref, scope: rec.scope });
  });
  return out;
}
