/**
 * CloudTrail LookupEvents: newest first, 50 per page, one lookup attribute, StartTime/EndTime, NextToken,
 * and (when the scenario asks) the real ~2 calls/s per account and region limit.
 */
import type { AwsCall } from './index.js';
import { decodeToken, encodeToken, stableId, timeOf, type AwsEventSpec } from './model.js';
import { fail, okJson, type AwsAnswer } from './query.js';
import { memo, type World } from './world.js';

interface Row {
  t: number;
  out: Record<string, unknown>;
}

const SOURCES: Array<[RegExp, string]> = [
  [/^ConsoleLogin$/, 'signin.amazonaws.com'],
  [/Logging$|Trail$|EventSelectors$/, 'cloudtrail.amazonaws.com'],
  [/SecurityGroup/, 'ec2.amazonaws.com'],
];
const KEYS = new Set(['EventId', 'EventName', 'ReadOnly', 'Username', 'ResourceType', 'ResourceName', 'EventSource', 'AccessKeyId']);
const calls = new WeakMap<World, Map<string, number[]>>();

export function lookupEvents(call: AwsCall): AwsAnswer {
  const { world, account, region, json } = call;
  const limit = world.scenario.options?.lookupEventsPerSecond;
  if (limit) {
    // Why real time: the limit is about request rate, not about the scenario's data clock.
    const byKey = calls.get(world) ?? new Map<string, number[]>();
    calls.set(world, byKey);
    const key = `${account.id}|${region}`;
    const now = Date.now();
    const recent = (byKey.get(key) ?? []).filter((t) => now - t < 1000);
    if (recent.length >= limit) return fail('ThrottlingException', 'Rate exceeded');
    recent.push(now);
    byKey.set(key, recent);
  }
  const attrs = (json.LookupAttributes ?? []) as Array<{ AttributeKey: string; AttributeValue: string }>;
  if (attrs.length > 1) return fail('InvalidLookupAttributesException', 'You cannot specify more than one lookup attribute.');
  if (attrs[0] && !KEYS.has(attrs[0].AttributeKey)) return fail('InvalidLookupAttributesException', `Invalid attribute key ${attrs[0].AttributeKey}`);
  const max = Math.min(Math.max(Number(json.MaxResults ?? 50), 1), 50);
  const start = json.StartTime !== undefined ? Number(json.StartTime) * 1000 : -Infinity;
  const end = json.EndTime !== undefined ? Number(json.EndTime) * 1000 : Infinity;
  if (start > end) return fail('InvalidTimeRangeException', 'Start time must be before end time.');
  const token = decodeToken(json.NextToken as string | undefined);
  if (json.NextToken && !token) return fail('InvalidNextTokenException', 'Invalid NextToken');
  const key = attrs[0] ? `${attrs[0].AttributeKey}=${attrs[0].AttributeValue}` : '*';
  const rows = indexOf(world, account.id, region).get(key) ?? [];
  // Rows are newest first: [from, to) is the slice within [start, end].
  const from = token?.offset ?? firstAtOrBefore(rows, end);
  const to = firstAtOrBefore(rows, start - 1);
  const slice = rows.slice(from, Math.min(from + max, to));
  const next = from + max < to ? encodeToken(from + max, call.page + 1) : undefined;
  return okJson({ Events: slice.map((r) => r.out), ...(next ? { NextToken: next } : {}) });
}

/** Index of the first row (newest first) whose time is ≤ t. */
function firstAtOrBefore(rows: Row[], t: number): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (rows[mid]!.t > t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function indexOf(world: World, account: string, region: string): Map<string, Row[]> {
  return memo(world, `events/${account}/${region}`, () => {
    const specs = (world.accounts.get(account)!.spec.events ?? []).filter((e) => (e.region ?? 'us-east-1') === region);
    const rows = specs.map((e, i) => toRow(world, account, region, e, i)).sort((a, b) => b.t - a.t);
    const idx = new Map<string, Row[]>([['*', rows]]);
    for (const r of rows) {
      const o = r.out;
      for (const k of [
        `EventId=${o.EventId}`,
        `EventName=${o.EventName}`,
        `ReadOnly=${o.ReadOnly}`,
        `Username=${o.Username}`,
        `EventSource=${o.EventSource}`,
        `AccessKeyId=${o.AccessKeyId}`,
      ]) {
        const list = idx.get(k) ?? [];
        list.push(r);
        idx.set(k, list);
      }
    }
    return idx;
  });
}

function toRow(world: World, account: string, region: string, e: AwsEventSpec, i: number): Row {
  const time = timeOf(e.at, world.base)!;
  const user = e.user ?? 'admin';
  const type = e.type ?? (user === 'root' ? 'Root' : 'IAMUser');
  const source = e.source ?? SOURCES.find(([re]) => re.test(e.name))?.[1] ?? 'iam.amazonaws.com';
  const h = stableId(`${account}/${region}/${i}/${e.name}`, 32, '0123456789abcdef');
  const eventId = `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
  const arn =
    type === 'Root'
      ? `arn:aws:iam::${account}:root`
      : type === 'AssumedRole'
        ? `arn:aws:sts::${account}:assumed-role/${user}/session`
        : `arn:aws:iam::${account}:user/${user}`;
  const login = e.name === 'ConsoleLogin';
  const readOnly = e.readOnly ?? false;
  const accessKeyId = login ? undefined : `AKIA${stableId(`${account}/${user}`, 16)}`;
  const detail = {
    eventVersion: '1.08',
    userIdentity: {
      type,
      principalId: type === 'Root' ? account : `AIDA${stableId(arn)}`,
      arn,
      accountId: account,
      ...(type === 'IAMUser' ? { userName: user } : {}),
    },
    eventTime: time.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    eventSource: source,
    eventName: e.name,
    awsRegion: region,
    sourceIPAddress: e.ip ?? '198.51.100.7',
    userAgent: login ? 'Mozilla/5.0' : 'aws-cli/2.15.0',
    requestParameters: login ? null : (e.params ?? null),
    responseElements: login ? { ConsoleLogin: e.failed ? 'Failure' : 'Success' } : null,
    ...(login ? { additionalEventData: { LoginTo: 'https://console.aws.amazon.com/console/home', MobileVersion: 'No', MFAUsed: e.mfa ? 'Yes' : 'No' } } : {}),
    ...(login && e.failed ? { errorMessage: 'Failed authentication' } : {}),
    eventID: eventId,
    readOnly,
    eventType: login ? 'AwsConsoleSignIn' : 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: account,
    eventCategory: 'Management',
  };
  return {
    t: time.getTime(),
    out: {
      EventId: eventId,
      EventName: e.name,
      ReadOnly: String(readOnly),
      ...(accessKeyId ? { AccessKeyId: accessKeyId } : {}),
      EventTime: time.getTime() / 1000,
      EventSource: source,
      Username: user,
      Resources: [],
      CloudTrailEvent: JSON.stringify(detail),
    },
  };
}
