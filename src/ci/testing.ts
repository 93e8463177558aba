import type { CheckResult, ControlResult, Results } from '../engine/results.js';
import type { Status } from '../types.js';

/** For the CI format tests: one control per status, with awkward characters in names and reasons. */
export function sampleResults(over: { statuses?: Record<string, Status> } = {}): Results {
  const st = (id: string, s: Status) => over.statuses?.[id] ?? s;
  const control = (id: string, status: Status, criteria: string[], severity: string, checks: string[], extra: Partial<ControlResult> = {}): ControlResult => ({
    id,
    title: `Control ${id} <"&'>`,
    criteria,
    severity,
    owner: 'security@example.com',
    status,
    failing: 0,
    excepted: 0,
    checks,
    manual: [],
    ...extra,
  });
  const check = (control: string, id: string, status: Status, extra: Partial<CheckResult> = {}): CheckResult => ({
    check: id,
    control,
    title: `Title of ${id}`,
    status,
    params: {},
    requires: ['aws.iam.user'],
    findings: [],
    errors: [],
    remediation: `Fix ${id}: do the thing & check <again>.`,
    ...extra,
  });
  const iamStatus = st('IAM-01', 'fail');
  const controls: ControlResult[] = [
    control('IAM-01', iamStatus, ['CC6.1', 'CC6.2'], 'high', ['aws.iam.console-user-mfa'], { failing: iamStatus === 'fail' ? 2 : 0 }),
    control('GH-01', st('GH-01', 'error'), ['CC8.1'], 'medium', ['github.repo.default-branch-protected']),
    control('OKTA-01', st('OKTA-01', 'pass'), ['CC6.1'], 'critical', ['okta.users.mfa-enrolled'], { excepted: 1 }),
    control('LOG-01', st('LOG-01', 'not-applicable'), ['CC7.2'], 'low', ['aws.cloudtrail.root-console-logins']),
    control('POL-01', st('POL-01', 'manual'), ['CC1.1'], 'medium', [], {
      manual: [{ id: 'policy', description: 'Approved security policy', state: 'missing' }],
    }),
  ];
  const checks: CheckResult[] = [
    check('IAM-01', 'aws.iam.console-user-mfa', iamStatus, {
      findings:
        iamStatus === 'fail'
          ? [
              {
                status: 'fail',
                resource: 'arn:aws:iam::123456789012:user/bob',
                reason: 'Console password without MFA: enable a virtual MFA device.',
                evidence: 'data/records/aws.iam.credential-report.jsonl#L3',
                scope: '123456789012',
              },
              {
                status: 'fail',
                resource: 'arn:aws:iam::123456789012:user/<eve&"mallory">',
                reason: 'Line one\nline two \u0001 with a control char',
                evidence: 'data/records/aws.iam.credential-report.jsonl#L4',
                scope: '123456789012',
              },
              {
                status: 'pass',
                resource: 'arn:aws:iam::123456789012:user/alice',
                reason: 'MFA enabled',
                evidence: 'data/records/aws.iam.credential-report.jsonl#L2',
              },
            ]
          : [
              {
                status: 'pass',
                resource: 'arn:aws:iam::123456789012:user/alice',
                reason: 'MFA enabled',
                evidence: 'data/records/aws.iam.credential-report.jsonl#L2',
              },
            ],
    }),
    check('GH-01', 'github.repo.default-branch-protected', st('GH-01', 'error'), {
      errors:
        st('GH-01', 'error') === 'error'
          ? [
              {
                type: 'github.repo.branch-protection',
                scope: 'acme/api',
                cause: 'denied',
                operation: 'GET /repos/{owner}/{repo}/branches/{branch}/protection',
                message: '404 without admin rights is ambiguous',
              },
            ]
          : [],
    }),
    check('OKTA-01', 'okta.users.mfa-enrolled', st('OKTA-01', 'pass'), {
      findings: [
        {
          status: 'pass',
          resource: 'okta:legacy@acme.example',
          reason: 'No MFA factor enrolled',
          evidence: 'data/records/okta.user.jsonl#L1',
          excepted: { reason: 'service account', approvedBy: 'cto@acme.example', ticket: 'SEC-1', expires: '2027-01-01' },
        },
      ],
    }),
    check('LOG-01', 'aws.cloudtrail.root-console-logins', st('LOG-01', 'not-applicable'), { note: 'no CloudTrail events in the window' }),
  ];
  const summary = { pass: 0, fail: 0, error: 0, manual: 0, 'not-applicable': 0, controls: controls.length, skipped: 0 };
  for (const c of controls) summary[c.status]++;
  return {
    schemaVersion: 1,
    organization: 'Acme & Sons <test>',
    asOf: '2026-11-22T13:10:00.000Z',
    period: { start: '2026-09-01', end: '2026-11-30' },
    controlMapDigest: 'test',
    summary,
    controls,
    criteria: [
      {
        id: 'CC6.1',
        title: 'Logical access security',
        category: 'security',
        status: worst(['IAM-01', 'OKTA-01'], controls),
        controls: ['IAM-01', 'OKTA-01'],
        coverage: 'automated',
      },
      { id: 'CC6.2', title: 'User registration', category: 'security', status: worst(['IAM-01'], controls), controls: ['IAM-01'], coverage: 'automated' },
      { id: 'CC8.1', title: 'Change management', category: 'security', status: worst(['GH-01'], controls), controls: ['GH-01'], coverage: 'automated' },
      { id: 'CC7.2', title: 'Monitoring', category: 'security', status: worst(['LOG-01'], controls), controls: ['LOG-01'], coverage: 'automated' },
      { id: 'CC1.1', title: 'Integrity and ethical values', category: 'security', status: 'manual', controls: ['POL-01'], coverage: 'manual' },
      { id: 'A1.2', title: 'Environmental protections', category: 'availability', status: 'uncovered', controls: [], coverage: 'uncovered' },
    ],
    checks,
    exceptions: [],
    skipped: [],
  };
}

function worst(ids: string[], controls: ControlResult[]): Status {
  const order: Status[] = ['fail', 'error', 'manual', 'pass', 'not-applicable'];
  return order.find((s) => controls.some((c) => ids.includes(c.id) && c.status === s)) ?? 'not-applicable';
}
