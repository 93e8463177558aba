import { describe, expect, it } from 'vitest';
import { viewFromEvents } from '../engine/evidence.js';
import { CredentialReportValueError, parseCredentialReportRow, upgradeCredentialReport } from './credential-report.js';
import { parseReport } from '../../collectors/aws/iam-report.js';
import { REPORT_COLUMNS } from '../sandbox/aws/credential-report.js';

const csvRow = (cells: Partial<Record<(typeof REPORT_COLUMNS)[number], string>>) => REPORT_COLUMNS.map((c) => cells[c] ?? 'N/A').join(',');
const header = REPORT_COLUMNS.join(',');
const ROOT = csvRow({ user: '<root_account>', arn: 'arn:aws:iam::111111111111:root', user_creation_time: '2020-01-01T00:00:00+00:00', password_enabled: 'not_supported', password_last_used: 'no_information', password_last_changed: 'not_supported', password_next_rotation: 'not_supported', mfa_active: 'true', access_key_1_active: 'false', access_key_2_active: 'false', cert_1_active: 'false', cert_2_active: 'false' });
const ANA = csvRow({
  user: 'ana', arn: 'arn:aws:iam::111111111111:user/ana', user_creation_time: '2024-03-01T09:00:00+00:00', password_enabled: 'true', password_last_used: '2026-11-20T08:00:00+00:00', password_last_changed: '2024-03-01T09:05:00+00:00',
  mfa_active: 'false', access_key_1_active: 'true', access_key_1_last_rotated: '2025-01-01T00:00:00+00:00', access_key_1_last_used_date: '2026-11-21T10:00:00+00:00', access_key_1_last_used_region: 'eu-west-1', access_key_1_last_used_service: 's3',
  access_key_2_active: 'false', cert_1_active: 'false', cert_2_active: 'false',
});

describe('the IAM credential report, parsed once in the collector', () => {
  it('turns the CSV strings into booleans, timestamps and null', () => {
    const [root, ana] = parseReport([header, ROOT, ANA].join('\n'));
    expect(root).toEqual({
      user: '<root_account>', arn: 'arn:aws:iam::111111111111:root', root: true, userCreationTime: '2020-01-01T00:00:00+00:00',
      passwordEnabled: null, passwordLastUsed: null, passwordLastChanged: null, passwordNextRotation: null, mfaActive: true,
      accessKeys: [{ slot: 1, active: false, lastRotated: null, lastUsed: null, lastUsedRegion: null, lastUsedService: null }, { slot: 2, active: false, lastRotated: null, lastUsed: null, lastUsedRegion: null, lastUsedService: null }],
      certificates: [{ slot: 1, active: false, lastRotated: null }, { slot: 2, active: false, lastRotated: null }],
    });
    expect(ana).toMatchObject({ root: false, passwordEnabled: true, passwordLastUsed: '2026-11-20T08:00:00+00:00', mfaActive: false });
    expect(ana!.accessKeys[0]).toEqual({ slot: 1, active: true, lastRotated: '2025-01-01T00:00:00+00:00', lastUsed: '2026-11-21T10:00:00+00:00', lastUsedRegion: 'eu-west-1', lastUsedService: 's3' });
  });

  it('refuses a cell its column cannot hold (it would read as false or never): an invalid answer', () => {
    expect(() => parseCredentialReportRow({ user: 'ana', arn: 'a', mfa_active: 'yes' })).toThrow(CredentialReportValueError);
    expect(() => parseCredentialReportRow({ user: 'ana', arn: 'a', password_last_used: 'last Tuesday' })).toThrow(/password_last_used of ana is 'last Tuesday', not a timestamp/);
    expect(() => parseReport([header, ANA.replace('2024-03-01T09:00:00+00:00', 'soon')].join('\n'))).toThrow(/user_creation_time of ana/);
    // not_supported is the root user's word for its password, never an access key's state.
    expect(() => parseCredentialReportRow({ user: 'ana', arn: 'a', access_key_1_active: 'not_supported' })).toThrow(CredentialReportValueError);
  });

  it('reads rows of bundles sealed before the collector parsed them the same way', () => {
    const raw = Object.fromEntries(header.split(',').map((h, i) => [h, ANA.split(',')[i]!]));
    const legacy = { account: '111111111111', rows: [raw] };
    const upgraded = upgradeCredentialReport(legacy) as { rows: unknown[] };
    expect(upgraded.rows[0]).toEqual(parseCredentialReportRow(raw));
    expect(upgradeCredentialReport(upgraded)).toBe(upgraded);
    const source = { operation: 'iam:GetCredentialReport', fetchedAt: '2026-11-22T12:00:00Z' };
    const view = viewFromEvents([
      { kind: 'plan', type: 'aws.iam.credential-report', scope: '111111111111' },
      { kind: 'record', type: 'aws.iam.credential-report', scope: '111111111111', source, data: legacy },
      { kind: 'done', type: 'aws.iam.credential-report', scope: '111111111111' },
    ]);
    expect(view.records('aws.iam.credential-report')[0]!.data.rows[0]).toMatchObject({ user: 'ana', passwordEnabled: true, mfaActive: false });
  });
});
