import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Results } from '../engine/results.js';
import { Output } from './output.js';
import { describeProgress, progressFor } from './progress.js';
import { renderGaps, renderGapTable, renderNext, renderSummary } from './render.js';
import { fitTable } from '../util/table.js';

const out = new Output({ color: false });

function results(n: number): Results {
  const ids = Array.from({ length: n }, (_, i) => `CTRL-${String(i).padStart(2, '0')}`);
  return {
    schemaVersion: 1,
    organization: 'Acme',
    asOf: '2026-12-05T06:00:00.000Z',
    period: { start: '2026-01-01', end: '2026-12-31' },
    controlMapDigest: 'x',
    summary: { pass: 1, fail: 1, error: n - 2, manual: 0, 'not-applicable': 0, controls: n, skipped: 9 },
    controls: ids.map((id, i) => ({
      id,
      title: 'Every production account enforces a password policy that meets the organisation standard',
      criteria: ['CC6.1', 'CC6.2', 'CC6.3', 'CC7.2'],
      severity: 'high',
      owner: 'platform-security-team@acme-widgets.example',
      status: i === 0 ? 'pass' : i === 1 ? 'fail' : 'error',
      failing: i === 1 ? 3 : 0,
      excepted: i === 0 ? 1 : 0,
      checks: [`check.${i}`],
      manual: [],
    })),
    criteria: ['CC6.1', 'CC6.2', 'CC6.3', 'CC6.6', 'CC6.7', 'CC7.1', 'CC7.2', 'CC8.1', 'A1.2', 'C1.1'].map((id) => ({
      id,
      title: id,
      category: 'security',
      status: 'error',
      controls: [],
      coverage: 'automated',
    })),
    checks: ids.map((id, i) => ({
      check: `check.${i}`,
      control: id,
      title: 'A check',
      status: i === 0 ? 'pass' : i === 1 ? 'fail' : 'error',
      params: {},
      requires: [],
      findings:
        i === 1
          ? [
              {
                status: 'fail',
                resource: 'arn:aws:iam::123456789012:user/a-very-long-user-name-that-goes-on',
                reason: 'no MFA on a console user that signed in within the last 90 days and holds admin rights',
                evidence: 'x',
              },
            ]
          : [],
      errors:
        i < 2
          ? []
          : [
              {
                type: 'aws.iam.credential-report',
                scope: '111111111111',
                cause: 'auth',
                operation: 'sts:GetCallerIdentity',
                message: 'CredentialsProviderError: Could not load credentials from any providers',
              },
              {
                type: 'aws.iam.credential-report',
                scope: '222222222222',
                cause: 'auth',
                operation: 'sts:GetCallerIdentity',
                message: 'CredentialsProviderError: Could not load credentials from any providers',
              },
            ],
    })),
    exceptions: [],
    skipped: [],
  };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the gap table and the gaps at 80 columns', () => {
  it('fits every line of the table, the criteria and the gaps into 80 columns, keeping ids and statuses whole', () => {
    const r = results(24);
    const text = [renderGapTable(out, r, 80), renderGaps(out, r, 5, 80), renderSummary(out, r, 80), renderNext(out, r)].join('\n');
    for (const line of text.split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
    const table = renderGapTable(out, r, 80).split('\n');
    expect(table[0]).toMatch(/^CONTROL\s+TITLE\s+CRITERIA\s+STATUS\s+FAILING\s+OWNER$/);
    expect(table[1]).toMatch(/^CTRL-00\s+Every production.*…\s+.*\s+pass\s+0 \(\+1 exc\)\s+platform-s…/);
    expect(table[3]).toMatch(/^CTRL-02 .* error /);
  });

  it('groups a cause repeated under 22 controls and 2 accounts into one cause with its places', () => {
    const gaps = renderGaps(out, results(24), 5, 80);
    expect(gaps.match(/CredentialsProviderError/g)).toHaveLength(1);
    expect(gaps).toContain('could not collect: 1 cause, 22 controls in error');
    expect(gaps).toContain('  auth at sts:GetCallerIdentity: CredentialsProviderError: Could not load\n    credentials from any providers');
    expect(gaps).toMatch(/in 111111111111, 222222222222; controls CTRL-02, .* \(\+14 more\)/s);
    expect(gaps).toMatch(/^fail CTRL-01 check\.1 A check$/m);
  });

  it('ends with the summary and a next line that names the commands', () => {
    const r = results(24);
    expect(renderSummary(out, r, 80)).toBe('24 controls: 1 pass, 1 fail, 22 error, 0 manual, 0 n/a;\n  9 not assessed (source not configured or disabled)');
    expect(renderNext(out, r)).toBe('next: soc2 doctor (what could not be collected), then soc2 history, soc2 pack');
    expect(renderNext(out, { ...r, summary: { ...r.summary, error: 0 } })).toBe('next: soc2 history (how long gaps are open), soc2 pack (for the auditor)');
  });

  it('fitTable leaves a table that fits alone, and narrows the flexible columns in the order given', () => {
    expect(fitTable(['A', 'B'], [['x', 'y']], { width: 80 })).toBe('A  B\nx  y');
    const t = fitTable(['ID', 'TITLE', 'OWNER'], [['1', 'a'.repeat(50), 'b'.repeat(30)]], {
      width: 40,
      flex: [
        { col: 2, min: 12 },
        { col: 1, min: 10 },
      ],
    });
    expect(t.split('\n').map((l) => l.length)).toEqual([33, 40]);
    expect(t.split('\n')[1]).toBe(`1   ${'a'.repeat(21)}…  ${'b'.repeat(11)}…`);
  });
});

describe('collector progress', () => {
  it('counts what the collector got through', () => {
    expect(describeProgress({ done: 3, total: 20, label: 'aws accounts', pages: 412 })).toBe('3/20 aws accounts, 412 pages');
    expect(describeProgress({ pages: 1 })).toBe('1 page');
  });

  it('in CI prints start, a line with counts every 30 s while working, and the finish', () => {
    const lines: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => {
      lines.push(String(s).trimEnd());
      return true;
    });
    let t = 0;
    const ci = new Output({ color: false });
    const p = progressFor(ci, () => t);
    p.start('github');
    p.update('github', 10, 400, 'repositories');
    p.pages!('github', 25);
    t = 31_000;
    p.update('github', 120, 400, 'repositories');
    t = 40_000;
    p.pages!('github', 300);
    p.end('github', { records: 9000, failed: 0, ms: 41_000 });
    expect(lines).toEqual([
      'collecting github…',
      'collecting github: 120/400 repositories, 25 pages',
      'collected github: 9000 records from 300 pages in 41.0s',
    ]);
  });
});
