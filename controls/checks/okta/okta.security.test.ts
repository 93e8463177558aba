import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { judge, viewOf, type EvidenceSpec } from '../../../test/helpers/evidence.js';
import { compileParams } from '../../../src/config/params.js';
import { scoreCheck } from '../../../src/engine/score.js';
import type { GrantTicket } from './grant-tickets.js';
import { setup } from '../../../src/cli/setup.js';
import { InputError } from '../../../src/util/exit.js';
import { packagePath } from '../../../src/util/paths.js';
import { parseGrantTickets } from './grant-tickets.js';
import { oktaAdminConsoleMfa } from './okta.admin-console.mfa.js';
import { oktaAdminsGrantsReviewed } from './okta.admins.grants-reviewed.js';
import { oktaApiTokens } from './okta.api-tokens.js';
import { oktaLogsStreaming } from './okta.logs.streaming.js';

const S = 'acme.okta.com';
const KEY = ['user.session.start', 'user.account.privilege.grant', 'user.lifecycle.deactivate', 'policy.lifecycle.update'];
const stream = (status = 'ACTIVE', type = 'aws_eventbridge') => ({ id: '0ox1', name: 'SIEM', type, status, created: null, lastUpdated: null });
const hook = (over: Record<string, unknown> = {}) => ({
  id: 'who1',
  name: 'Splunk',
  status: 'ACTIVE',
  verificationStatus: 'VERIFIED',
  eventTypes: KEY,
  destination: 'https://siem.example/okta',
  created: null,
  lastUpdated: null,
  ...over,
});
const streaming = (streams: unknown[], hooks: unknown[]) => ({ records: { 'okta.log-stream': { [S]: streams }, 'okta.event-hook': { [S]: hooks } } });

const token = (over: Record<string, unknown> = {}) => ({
  id: '00T1',
  name: 'ci',
  userId: '00u2',
  clientName: 'Okta API',
  created: '2026-01-01T00:00:00.000Z',
  lastUpdated: null,
  expiresAt: '2026-12-20T00:00:00.000Z',
  tokenWindow: 'P30D',
  tokenWindowDays: 30,
  lastUsedDerived: '2026-11-20T00:00:00.000Z',
  network: { connection: 'ZONE', include: ['nzo1'], exclude: [] },
  ...over,
});
const roles = [
  { userId: '00u1', login: 'ava@x', roleType: 'SUPER_ADMIN' },
  { userId: '00u2', login: 'ci@x', roleType: 'APP_ADMIN' },
];
const tokens = (...list: unknown[]) => ({ records: { 'okta.api-token': { [S]: list }, 'okta.admin-role': { [S]: roles } } });

const verification = (factorMode: string, possession?: Record<string, unknown>) => ({
  type: 'ASSURANCE',
  factorMode,
  constraints: possession ? [{ possession }] : [],
});
const consolePolicy = (vm: unknown, access = 'ALLOW') => ({
  id: 'rst1',
  name: 'Okta Admin Console',
  status: 'ACTIVE',
  rules: [{ name: 'Admins', status: 'ACTIVE', actions: { appSignOn: { access, verificationMethod: vm } } }],
});
const adminConsole = (policy: unknown, accessPolicyId: string | null = 'rst1') => ({
  records: {
    'okta.app.admin-console': { [S]: [{ id: '0oa1', name: 'saasure', label: 'Okta Admin Console', status: 'ACTIVE', accessPolicyId }] },
    'okta.policy.access': { [S]: [policy] },
  },
});

const grant = (granter: string, grantee: string, published: string, role: string | undefined = 'Super administrator') => ({
  uuid: `${grantee}${published}`,
  published,
  eventType: 'user.account.privilege.grant',
  outcome: 'SUCCESS',
  actor: { id: '00u1', alternateId: granter },
  target: [{ id: '00u9', type: 'User', alternateId: grantee }],
  debugData: role ? { privilegeGranted: role } : {},
});
const ticket = (grantee: string, role: string, date: string, t = 'SEC-1') => ({ grantee, role, date, ticket: t, at: 'tickets.csv:2' });
const grants = (...list: unknown[]) => ({ records: { 'okta.log.admin-privilege': { [S]: list } } });
/** As the engine runs it: params validated by the schema, then the rows resolveInputs read from `grantTickets`. */
const judgeGrants = (spec: EvidenceSpec, params: Record<string, unknown>, rows?: GrantTicket[]) => {
  const p = compileParams(oktaAdminsGrantsReviewed.meta.id, oktaAdminsGrantsReviewed.meta.paramsSchema)(params) as any;
  return scoreCheck(oktaAdminsGrantsReviewed, viewOf(spec), rows ? { ...p, grantTicketRows: rows } : p, new Date('2026-11-22T12:00:00Z'));
};

describe('okta org-security checks', () => {
  const cases: Array<[string, () => ReturnType<typeof judge>, string]> = [
    ['streaming: an active EventBridge stream', () => judge(oktaLogsStreaming, streaming([stream()], [])), 'pass'],
    ['streaming: an active, verified SIEM hook with the key events', () => judge(oktaLogsStreaming, streaming([], [hook()])), 'pass'],
    ['streaming: nothing configured', () => judge(oktaLogsStreaming, streaming([], [])), 'fail'],
    ['streaming: the only stream is inactive', () => judge(oktaLogsStreaming, streaming([stream('INACTIVE')], [])), 'fail'],
    ['streaming: an unverified hook delivers nothing', () => judge(oktaLogsStreaming, streaming([], [hook({ verificationStatus: 'UNVERIFIED' })])), 'fail'],
    ['streaming: a hook on sign-ins only', () => judge(oktaLogsStreaming, streaming([], [hook({ eventTypes: ['user.session.start'] })])), 'fail'],
    [
      'streaming: log streams denied',
      () => judge(oktaLogsStreaming, { records: { 'okta.event-hook': { [S]: [hook()] } }, errors: [{ type: 'okta.log-stream', scope: S }] }),
      'error',
    ],
    ['api-tokens: zone-restricted, recent, not a super admin', () => judge(oktaApiTokens, tokens(token())), 'pass'],
    ["api-tokens: a super admin's", () => judge(oktaApiTokens, tokens(token({ userId: '00u1' }))), 'fail'],
    ["api-tokens: a super admin's, when allowed", () => judge(oktaApiTokens, tokens(token({ userId: '00u1' })), { allowSuperAdmin: true }), 'pass'],
    ['api-tokens: usable from anywhere', () => judge(oktaApiTokens, tokens(token({ network: { connection: 'ANYWHERE', include: [], exclude: [] } }))), 'fail'],
    [
      'api-tokens: zone with exclusions only',
      () => judge(oktaApiTokens, tokens(token({ network: { connection: 'ZONE', include: [], exclude: ['nzo2'] } }))),
      'fail',
    ],
    [
      'api-tokens: last used 120 days ago',
      () => judge(oktaApiTokens, tokens(token({ tokenWindow: 'P180D', tokenWindowDays: 180, lastUsedDerived: '2026-07-25T00:00:00.000Z' }))),
      'fail',
    ],
    [
      'api-tokens: idle 120 days within maxIdleDays 150',
      () => judge(oktaApiTokens, tokens(token({ lastUsedDerived: '2026-07-25T00:00:00.000Z' })), { maxIdleDays: 150 }),
      'pass',
    ],
    ['api-tokens: none', () => judge(oktaApiTokens, tokens()), 'not-applicable'],
    [
      'api-tokens: admin roles denied',
      () => judge(oktaApiTokens, { records: { 'okta.api-token': { [S]: [token()] } }, errors: [{ type: 'okta.admin-role', scope: S }] }),
      'error',
    ],
    [
      'api-tokens: invalid answer',
      () => judge(oktaApiTokens, { records: { 'okta.admin-role': { [S]: roles } }, errors: [{ type: 'okta.api-token', scope: S, cause: 'invalid-response' }] }),
      'error',
    ],
    [
      'admin-console: 2FA with phishing-resistant possession',
      () => judge(oktaAdminConsoleMfa, adminConsole(consolePolicy(verification('2FA', { phishingResistant: 'REQUIRED' })))),
      'pass',
    ],
    [
      'admin-console: 2FA without phishing resistance',
      () => judge(oktaAdminConsoleMfa, adminConsole(consolePolicy(verification('2FA', { userPresence: 'REQUIRED' })))),
      'fail',
    ],
    [
      'admin-console: 2FA is enough when the param says so',
      () => judge(oktaAdminConsoleMfa, adminConsole(consolePolicy(verification('2FA'))), { requirePhishingResistant: false }),
      'pass',
    ],
    [
      'admin-console: one factor',
      () => judge(oktaAdminConsoleMfa, adminConsole(consolePolicy(verification('1FA', { phishingResistant: 'REQUIRED' })))),
      'fail',
    ],
    ['admin-console: a deny-only policy', () => judge(oktaAdminConsoleMfa, adminConsole(consolePolicy(verification('1FA'), 'DENY'))), 'pass'],
    ['admin-console: no policy linked', () => judge(oktaAdminConsoleMfa, adminConsole(consolePolicy(verification('2FA')), null)), 'fail'],
    [
      'admin-console: linked policy missing from the listing',
      () => judge(oktaAdminConsoleMfa, adminConsole(consolePolicy(verification('2FA')), 'rst-gone')),
      'error',
    ],
    [
      'admin-console: apps denied',
      () => judge(oktaAdminConsoleMfa, { records: { 'okta.policy.access': { [S]: [] } }, errors: [{ type: 'okta.app.admin-console', scope: S }] }),
      'error',
    ],
    [
      'grants: ticketed, allowed granter',
      () =>
        judgeGrants(grants(grant('ava@x', 'emma@x', '2026-10-06T10:00:00Z')), { allowedGranters: ['ava@x'], grantTickets: 't.csv' }, [
          ticket('emma@x', 'SUPER_ADMIN', '2026-10-05'),
        ]),
      'pass',
    ],
    [
      'grants: granted by someone else',
      () =>
        judgeGrants(grants(grant('ben@x', 'emma@x', '2026-10-06T10:00:00Z')), { allowedGranters: ['ava@x'], grantTickets: 't.csv' }, [
          ticket('emma@x', 'Super Administrator', '2026-10-05'),
        ]),
      'fail',
    ],
    [
      'grants: no ticket for the grantee',
      () => judgeGrants(grants(grant('ava@x', 'emma@x', '2026-10-06T10:00:00Z')), { grantTickets: 't.csv' }, [ticket('zoe@x', 'SUPER_ADMIN', '2026-10-05')]),
      'fail',
    ],
    [
      'grants: ticket for another role',
      () =>
        judgeGrants(grants(grant('ava@x', 'emma@x', '2026-10-06T10:00:00Z')), { grantTickets: 't.csv' }, [ticket('emma@x', 'READ_ONLY_ADMIN', '2026-10-05')]),
      'fail',
    ],
    [
      'grants: ticket approved after the grant',
      () => judgeGrants(grants(grant('ava@x', 'emma@x', '2026-10-06T10:00:00Z')), { grantTickets: 't.csv' }, [ticket('emma@x', 'SUPER_ADMIN', '2026-10-07')]),
      'fail',
    ],
    [
      'grants: ticket older than the window',
      () => judgeGrants(grants(grant('ava@x', 'emma@x', '2026-10-06T10:00:00Z')), { grantTickets: 't.csv' }, [ticket('emma@x', 'SUPER_ADMIN', '2026-09-20')]),
      'fail',
    ],
    [
      'grants: no ticket file lists them for a person',
      () => judge(oktaAdminsGrantsReviewed, grants(grant('ava@x', 'emma@x', '2026-10-06T10:00:00Z'))),
      'manual',
    ],
    [
      'grants: no ticket file, a disallowed granter still fails',
      () => judge(oktaAdminsGrantsReviewed, grants(grant('ben@x', 'emma@x', '2026-10-06T10:00:00Z')), { allowedGranters: ['ava@x'] }),
      'fail',
    ],
    [
      'grants: revokes only',
      () => judge(oktaAdminsGrantsReviewed, grants({ ...grant('ava@x', 'emma@x', '2026-10-06T10:00:00Z'), eventType: 'user.account.privilege.revoke' })),
      'not-applicable',
    ],
    ['grants: logs denied', () => judge(oktaAdminsGrantsReviewed, { errors: [{ type: 'okta.log.admin-privilege', scope: S }] }), 'error'],
    [
      'grants: ticket file named but not read',
      () => judge(oktaAdminsGrantsReviewed, grants(grant('ava@x', 'emma@x', '2026-10-06T10:00:00Z')), { grantTickets: 't.csv' }),
      'error',
    ],
  ];
  it.each(cases)('%s', (_name, run, status) => {
    const out = run();
    expect(out.status).toBe(status);
    for (const fd of out.findings) expect(fd.resource).toMatch(/^okta:/);
  });

  it('says in the streaming failure that Okta keeps the System Log 90 days', () => {
    const out = judge(oktaLogsStreaming, streaming([stream('INACTIVE')], []));
    expect(out.findings.find((f) => f.resource === `okta:${S}`)!.reason).toMatch(/keeps the System Log only 90 days, shorter than a Type II/);
  });

  it('names the derived last use of an idle token and the field it comes from', () => {
    const out = judge(
      oktaApiTokens,
      tokens(
        token({
          tokenWindow: 'P180D',
          tokenWindowDays: 180,
          expiresAt: '2027-01-21T00:00:00.000Z',
          lastUsedDerived: '2026-07-25T00:00:00.000Z',
          network: { connection: 'ANYWHERE', include: [], exclude: [] },
          userId: '00u1',
        }),
      ),
    );
    expect(out.findings[0]!.reason).toBe(
      'API token "ci" belongs to super administrator ava@x; has no network restriction (connection ANYWHERE); was unused for 120 days (max 90): last used 2026-07-25 (expiresAt 2027-01-21 − tokenWindow P180D; Okta has no last-used field)',
    );
  });

  it('lists every grant as a finding when no ticket file is configured, and asks a person', () => {
    const out = judge(
      oktaAdminsGrantsReviewed,
      grants(grant('ava@x', 'emma@x', '2026-10-06T10:00:00Z'), grant('ava@x', 'grace@x', '2026-10-20T10:00:00Z', 'Application administrator')),
    );
    expect(out.findings.map((f) => f.resource)).toEqual(['okta:emma@x', 'okta:grace@x']);
    expect(out.note).toMatch(/2 admin-role grant\(s\) in the window and no grantTickets file/);
  });
});

describe('grant ticket file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'grant-tickets-'));
  const write = (name: string, text: string) => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };

  it('reads CSV with a Target column and YAML', () => {
    const csv = parseGrantTickets(write('ok.csv', 'Target,Role,Date,Ticket\nemma@x,Super Administrator,2026-10-05,SEC-311\n'), 'ok.csv');
    expect(csv).toEqual({ rows: [{ grantee: 'emma@x', role: 'Super Administrator', date: '2026-10-05', ticket: 'SEC-311', at: 'ok.csv:2' }], problems: [] });
    const yaml = parseGrantTickets(write('ok.yaml', '- grantee: emma@x\n  role: SUPER_ADMIN\n  date: 2026-10-05\n  ticket: SEC-311\n'), 'ok.yaml');
    expect(yaml.problems).toEqual([]);
    expect(yaml.rows[0]).toMatchObject({ grantee: 'emma@x', date: '2026-10-05', ticket: 'SEC-311' });
  });

  it('names file:line:col and what was expected for a bad row, a missing column and a bad YAML key', () => {
    const bad = parseGrantTickets(write('bad.csv', 'grantee,role,date,ticket\nemma@x,SUPER_ADMIN,05/10/2026,SEC-1\ngrace@x,,2026-10-01,SEC-2\n'), 'bad.csv');
    expect(bad.rows).toEqual([]);
    expect(bad.problems.map((p) => `${p.file}:${p.line}:${p.col} ${p.message}`)).toEqual([
      "bad.csv:2:20 expected a date YYYY-MM-DD, got '05/10/2026'",
      'bad.csv:3:9 role is empty (expected a role such as Super Administrator or SUPER_ADMIN)',
    ]);
    expect(parseGrantTickets(write('nocol.csv', 'grantee,role,date\nemma@x,SUPER_ADMIN,2026-10-05\n'), 'nocol.csv').problems[0]).toMatchObject({
      line: 1,
      col: 1,
      message: 'the header has no ticket column',
    });
    const y = parseGrantTickets(write('bad.yaml', '- grantee: emma@x\n  role: SUPER_ADMIN\n  date: 2026-10-05\n  tiket: SEC-1\n'), 'bad.yaml');
    expect(y.problems.map((p) => `${p.line}:${p.col} ${p.message}`)).toEqual(['4:3 unknown key tiket', '1:3 ticket is empty (expected a ticket reference)']);
    expect(parseGrantTickets(join(dir, 'missing.csv'), 'missing.csv').problems[0]!.message).toBe('grant ticket file: file not found');
  });

  it('reads the file relative to the config folder through resolveInputs', () => {
    write('t.csv', 'grantee,role,date,ticket\nemma@x,SUPER_ADMIN,2026-10-05,SEC-9\n');
    const out = oktaAdminsGrantsReviewed.resolveInputs!({ allowedGranters: [], ticketWindowDays: 7, grantTickets: 't.csv' }, dir);
    expect(out.problems).toEqual([]);
    expect(out.params.grantTicketRows!.map((r) => r.ticket)).toEqual(['SEC-9']);
  });
});

describe('grantTickets through the config', () => {
  const dir = mkdtempSync(join(tmpdir(), 'grant-cfg-'));
  const config = (tickets: string) => {
    writeFileSync(join(dir, 'tickets.csv'), tickets);
    const path = join(dir, 'soc2.config.yaml');
    writeFileSync(
      path,
      [
        'organization: T',
        'period: { start: 2026-10-01, end: 2027-09-30 }',
        'sources: { okta: { orgUrl: "https://acme.okta.com", token: "${OKTA_API_TOKEN}" } }',
        `controls: [${JSON.stringify(packagePath('controls', 'library'))}]`,
        'overrides:',
        '  OKTA-ADM-02:',
        '    params:',
        '      okta.admins.grants-reviewed: { grantTickets: tickets.csv }',
        '',
      ].join('\n'),
    );
    return path;
  };

  it('a bad row stops the run before anything is collected: file:line:col, what was expected, exit 2', async () => {
    const err = await setup({ config: config('grantee,role,date,ticket\nemma@x,SUPER_ADMIN,yesterday,SEC-1\n') }, { offline: true }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).code).toBe(2);
    expect((err as InputError).details.join('\n')).toMatch(/tickets\.csv:2:20 {2}date {2}expected a date YYYY-MM-DD, got 'yesterday'/);
  });

  it('a good file is read relative to the config into the bound check', async () => {
    const s = await setup({ config: config('grantee,role,date,ticket\nemma@x,SUPER_ADMIN,2026-10-05,SEC-7\n') }, { offline: true });
    const bound = s.controlMap.controls.find((c) => c.id === 'OKTA-ADM-02')!.checks[0]!;
    expect((bound.params as { grantTicketRows: GrantTicket[] }).grantTicketRows.map((r) => r.ticket)).toEqual(['SEC-7']);
  });
});
