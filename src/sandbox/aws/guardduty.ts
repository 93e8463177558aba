/**
 * GuardDuty (restJson1, signing name `guardduty`): ListDetectors, GetDetector, ListFindings (FindingCriteria) and
 * GetFindings. Members are camelCase, timestamps ISO-8601 strings, errors carry `x-amzn-ErrorType` and a
 * `message`/`__type` body. A region where GuardDuty was never enabled answers ListDetectors with an empty
 * `detectorIds` list (not an error); a call naming a detector the account does not own is `BadRequestException`.
 */
import type { AwsCall } from './index.js';
import { stableId, timeOf, type TimeSpec } from './model.js';
import { pageOf } from './pages.js';
import { epoch, fail, okJson, type AwsAnswer } from './query.js';

/** One region's detector: absent region = no detector. */
export interface AwsGuardDutySpec {
  status?: 'ENABLED' | 'DISABLED';
  created?: TimeSpec;
  findings?: Array<{ type: string; severity: number; at: TimeSpec; updated?: TimeSpec; archived?: boolean; title?: string; resource?: string }>;
}

const ROUTES: Array<[string, string, RegExp]> = [
  ['ListDetectors', 'GET', /^\/detector\/?$/],
  ['GetDetector', 'GET', /^\/detector\/([^/]+)\/?$/],
  ['ListFindings', 'POST', /^\/detector\/([^/]+)\/findings\/?$/],
  ['GetFindings', 'POST', /^\/detector\/([^/]+)\/findings\/get\/?$/],
  ['ListMembers', 'GET', /^\/detector\/([^/]+)\/member\/?$/],
];

export function guarddutyRoute(method: string, path: string): { op: string; labels: Record<string, string> } {
  for (const [op, m, re] of ROUTES) {
    const hit = re.exec(path);
    if (hit && method === m) return { op, labels: hit[1] ? { DetectorId: decodeURIComponent(hit[1]) } : {} };
  }
  return { op: 'unknown', labels: {} };
}

export function detectorIdOf(account: string, region: string): string {
  return stableId(`${account}/${region}/detector`, 32, 'abcdef0123456789');
}

type Finding = NonNullable<AwsGuardDutySpec['findings']>[number];

/** The delegated administrator of the organisation's security services (with `aggregation`; default: the management account). */
export function adminOf(world: AwsCall['world']): string | undefined {
  const agg = world.scenario.aggregation;
  return agg ? String(agg.admin ?? world.management) : undefined;
}

/** The accounts whose findings a call sees: its own, and every member's when it is the delegated administrator. */
export function visible(call: AwsCall): string[] {
  if (call.account.id !== adminOf(call.world)) return [call.account.id];
  const out = new Set(call.world.scenario.aggregation?.notMembers?.map(String) ?? []);
  return [...call.world.accounts.keys()].filter((a) => a === call.account.id || !out.has(a));
}

/** Every finding of `account` in the region, with its id and detector. */
function findingsOf(call: AwsCall, account: string): Array<{ f: Finding; id: string; account: string; detector: string }> {
  const spec = call.world.accounts.get(account)?.spec.guardduty?.[call.region];
  const detector = detectorIdOf(account, call.region);
  return (spec?.findings ?? []).map((f, i) => ({ f, id: stableId(`${detector}/${i}`, 32, 'abcdef0123456789'), account, detector }));
}

export function guardduty(call: AwsCall): AwsAnswer {
  const spec = call.account.spec.guardduty?.[call.region];
  const id = detectorIdOf(call.account.id, call.region);
  if (call.op === 'ListDetectors') {
    const max = call.query.maxResults === undefined ? 50 : Number(call.query.maxResults);
    if (!Number.isInteger(max) || max < 1 || max > 50) return bad('maxResults must be between 1 and 50');
    const page = pageOf(spec ? [id] : [], call.query.nextToken, max);
    if (!page) return bad('The request is rejected because an invalid or out-of-range value is specified as an input parameter.');
    return okJson({ detectorIds: page.items, ...(page.next ? { nextToken: page.next } : {}) });
  }
  if (call.op === 'unknown') return fail('UnknownOperationException', 'unknown operation', 404);
  // Why BadRequest: GuardDuty answers a detector id the account does not own (or none at all) this way.
  if (!spec || call.labels.DetectorId !== id) return bad('The request is rejected because the input detectorId is not owned by the current account.');
  const base = call.world.base;
  const findings = visible(call).flatMap((a) => findingsOf(call, a));
  switch (call.op) {
    case 'ListMembers': {
      const max = call.query.maxResults === undefined ? 50 : Number(call.query.maxResults);
      if (!Number.isInteger(max) || max < 1 || max > 50) return bad('maxResults must be between 1 and 50');
      // Why Disabled for a member without a detector: the organisation's administrator lists every member it
      // manages; GuardDuty not running for it in the region is its status there, not its absence.
      const members = visible(call)
        .filter((a) => a !== call.account.id)
        .map((a) => {
          const m = call.world.accounts.get(a)!.spec.guardduty?.[call.region];
          return {
            accountId: a,
            ...(m ? { detectorId: detectorIdOf(a, call.region) } : {}),
            administratorId: call.account.id,
            masterId: call.account.id,
            email: `aws+${a}@acme.example`,
            relationshipStatus: m && (m.status ?? 'ENABLED') === 'ENABLED' ? 'Enabled' : 'Disabled',
            updatedAt: timeOf('-100d', base)!.toISOString(),
          };
        });
      const onlyAssociated = call.query.onlyAssociated !== 'false';
      const page = pageOf(onlyAssociated ? members.filter((m) => m.relationshipStatus === 'Enabled') : members, call.query.nextToken, max);
      if (!page) return bad('The request is rejected because an invalid or out-of-range value is specified as an input parameter.');
      return okJson({ members: page.items, ...(page.next ? { nextToken: page.next } : {}) });
    }
    case 'GetDetector': {
      const at = timeOf(spec.created ?? '-400d', base)!;
      const created = at.toISOString();
      const status = spec.status ?? 'ENABLED';
      return okJson({
        createdAt: created,
        findingPublishingFrequency: 'SIX_HOURS',
        serviceRole: `arn:aws:iam::${call.account.id}:role/aws-service-role/guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty`,
        status,
        updatedAt: created,
        // Why two time formats: the detector's own times are strings, a feature's `updatedAt` is a timestamp (epoch seconds).
        features: ['CLOUD_TRAIL', 'DNS_LOGS', 'FLOW_LOGS', 'S3_DATA_EVENTS'].map((name) => ({ name, status, updatedAt: epoch(at) })),
        tags: {},
      });
    }
    case 'ListFindings': {
      const max = call.json.maxResults === undefined ? 50 : Number(call.json.maxResults);
      if (!Number.isInteger(max) || max < 1 || max > 50) return bad('maxResults must be between 1 and 50');
      const criterion = (call.json.findingCriteria?.criterion ?? {}) as Record<string, Record<string, unknown>>;
      let matched = findings;
      for (const [field, cond] of Object.entries(criterion)) {
        const value = (x: Finding, account: string): unknown =>
          field === 'severity'
            ? x.severity
            : field === 'service.archived'
              ? String(x.archived ?? false)
              : field === 'type'
                ? x.type
                : field === 'accountId'
                  ? account
                  : undefined;
        if (!['severity', 'service.archived', 'type', 'accountId'].includes(field)) return bad(`The sandbox does not filter on ${field}`);
        matched = matched.filter(({ f, account }) => holds(value(f, account), cond));
      }
      const page = pageOf(
        matched.map((x) => x.id),
        call.json.nextToken,
        max,
      );
      if (!page) return bad('The request is rejected because an invalid or out-of-range value is specified as an input parameter.');
      return okJson({ findingIds: page.items, ...(page.next ? { nextToken: page.next } : {}) });
    }
    case 'GetFindings': {
      const ids = (call.json.findingIds ?? []) as string[];
      if (!Array.isArray(ids) || ids.length > 50) return bad('findingIds must hold at most 50 ids');
      const found = findings.filter((x) => ids.includes(x.id));
      return okJson({ findings: found.map((x) => render(call, x.account, x.detector, x.id, x.f)) });
    }
    default:
      return fail('UnknownOperationException', `unknown operation ${call.op}`, 404);
  }
}

/** GuardDuty's Condition: `eq`/`neq` (string lists), `gt`/`gte`/`lt`/`lte` (numbers), and their long-form twins. */
function holds(v: unknown, cond: Record<string, unknown>): boolean {
  const n = Number(v);
  for (const [op, arg] of Object.entries(cond)) {
    if ((op === 'eq' || op === 'equals') && !(arg as string[]).map(String).includes(String(v))) return false;
    if ((op === 'neq' || op === 'notEquals') && (arg as string[]).map(String).includes(String(v))) return false;
    if ((op === 'gte' || op === 'greaterThanOrEqual') && !(n >= Number(arg))) return false;
    if ((op === 'gt' || op === 'greaterThan') && !(n > Number(arg))) return false;
    if ((op === 'lte' || op === 'lessThanOrEqual') && !(n <= Number(arg))) return false;
    if ((op === 'lt' || op === 'lessThan') && !(n < Number(arg))) return false;
  }
  return true;
}

function render(call: AwsCall, account: string, detector: string, id: string, f: Finding): unknown {
  const created = timeOf(f.at, call.world.base)!.toISOString();
  const updated = timeOf(f.updated ?? f.at, call.world.base)!.toISOString();
  return {
    accountId: account,
    arn: `arn:aws:guardduty:${call.region}:${account}:detector/${detector}/finding/${id}`,
    createdAt: created,
    id,
    partition: 'aws',
    region: call.region,
    resource: {
      resourceType: f.resource ?? 'Instance',
      instanceDetails: f.resource && f.resource !== 'Instance' ? undefined : { instanceId: `i-${id.slice(0, 17)}` },
    },
    schemaVersion: '2.0',
    severity: f.severity,
    title: f.title ?? f.type,
    description: f.title ?? f.type,
    type: f.type,
    updatedAt: updated,
    service: {
      archived: f.archived ?? false,
      count: 1,
      detectorId: detector,
      eventFirstSeen: created,
      eventLastSeen: updated,
      serviceName: 'guardduty',
      resourceRole: 'TARGET',
    },
  };
}

function bad(message: string): AwsAnswer {
  return fail('BadRequestException', message, 400);
}
