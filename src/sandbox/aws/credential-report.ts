/**
 * IAM credential report: GenerateCredentialReport (STARTED, then COMPLETE) and GetCredentialReport
 * (ReportNotPresent before any generation, ReportInProgress while generating, then the base64 CSV).
 */
import type { AwsCall } from './index.js';
import { timeOf, type AwsKeySpec } from './model.js';
import { el, fail, ok, type AwsAnswer } from './query.js';
import type { AccountState } from './world.js';

/** The 22 columns of the real report, in order. */
export const REPORT_COLUMNS = [
  'user',
  'arn',
  'user_creation_time',
  'password_enabled',
  'password_last_used',
  'password_last_changed',
  'password_next_rotation',
  'mfa_active',
  'access_key_1_active',
  'access_key_1_last_rotated',
  'access_key_1_last_used_date',
  'access_key_1_last_used_region',
  'access_key_1_last_used_service',
  'access_key_2_active',
  'access_key_2_last_rotated',
  'access_key_2_last_used_date',
  'access_key_2_last_used_region',
  'access_key_2_last_used_service',
  'cert_1_active',
  'cert_1_last_rotated',
  'cert_2_active',
  'cert_2_last_rotated',
] as const;

export function credentialReport(call: AwsCall): AwsAnswer {
  const { account, world } = call;
  if (call.op === 'GenerateCredentialReport') {
    if (account.report) {
      const state = account.report.pollsLeft > 0 ? 'INPROGRESS' : 'COMPLETE';
      return ok(el('State', state) + el('Description', state === 'COMPLETE' ? 'Report is complete.' : 'Report generation in progress.'));
    }
    account.report = { generated: world.env.now(), pollsLeft: world.scenario.options?.reportInProgressPolls ?? 0 };
    return ok(el('State', 'STARTED') + el('Description', 'No report exists. Starting a new report generation task'));
  }
  const r = account.report;
  if (!r) return fail('ReportNotPresent', 'Credential report not present. Generate a new report.', 410);
  if (r.pollsLeft > 0) {
    r.pollsLeft--;
    return fail('ReportInProgress', 'Credential report is being generated.', 404);
  }
  r.csv ??= reportCsv(account, world.base);
  return ok(el('Content', Buffer.from(r.csv).toString('base64')) + el('ReportFormat', 'text/csv') + el('GeneratedTime', r.generated));
}

/** Report timestamps look like `2024-01-15T10:00:00+00:00`. */
function ts(d: Date | undefined): string {
  return d ? d.toISOString().replace(/\.\d{3}Z$/, '+00:00') : 'N/A';
}

function keyCols(k: AwsKeySpec | undefined, base: Date): string[] {
  if (!k) return ['false', 'N/A', 'N/A', 'N/A', 'N/A'];
  const used = timeOf(k.lastUsed, base);
  return [String(k.active !== false), ts(timeOf(k.created, base)), ts(used), used ? (k.region ?? 'us-east-1') : 'N/A', used ? (k.service ?? 's3') : 'N/A'];
}

export function reportCsv(account: AccountState, base: Date): string {
  const s = account.spec;
  const root = s.root ?? {};
  const rootUsed = root.passwordLastUsed === null ? 'no_information' : ts(timeOf(root.passwordLastUsed ?? '-200d', base));
  const rows: string[][] = [
    [
      '<root_account>',
      `arn:aws:iam::${account.id}:root`,
      ts(timeOf(root.created ?? '-1000d', base)),
      // Why: the root row reports its password as not_supported; the real value is not exposed here.
      'not_supported',
      rootUsed,
      'not_supported',
      'not_supported',
      String(Boolean(root.mfa)),
      ...keyCols(root.keys?.[0], base),
      ...keyCols(root.keys?.[1], base),
      'false',
      'N/A',
      'false',
      'N/A',
    ],
  ];
  for (const u of s.users ?? []) {
    const c = u.console || undefined;
    const lastUsed = c ? (c.lastUsed === null ? 'N/A' : c.lastUsed === undefined ? 'no_information' : ts(timeOf(c.lastUsed, base))) : 'N/A';
    rows.push([
      u.name,
      `arn:aws:iam::${account.id}:user${u.path ?? '/'}${u.name}`,
      ts(timeOf(u.created ?? '-400d', base)),
      String(Boolean(c)),
      lastUsed,
      c ? ts(timeOf(c.changed ?? u.created ?? '-400d', base)) : 'N/A',
      c && s.passwordPolicy?.MaxPasswordAge
        ? ts(new Date(timeOf(c.changed ?? '-400d', base)!.getTime() + Number(s.passwordPolicy.MaxPasswordAge) * 86_400_000))
        : 'N/A',
      String(Boolean(u.mfa)),
      ...keyCols(u.keys?.[0], base),
      ...keyCols(u.keys?.[1], base),
      'false',
      'N/A',
      'false',
      'N/A',
    ]);
  }
  return [REPORT_COLUMNS.join(','), ...rows.map((r) => r.join(','))].join('\n') + '\n';
}
