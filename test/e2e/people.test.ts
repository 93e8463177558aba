import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoScenarioWith, runCli, runCliHere, tempDir } from '../helpers/cli.js';

const Q3 = '2026-09-15T12:00:00Z';

describe('people and paper through the CLI', () => {
  it('stops with file:line errors (exit 2) on a bad roster row and bad front-matter, before collecting', async () => {
    const dir = demoScenarioWith([]);
    const csv = readFileSync(join(dir, 'people.csv'), 'utf8').split('\n');
    csv[13] = csv[13]!.replace(/,,employee/, ',31/12/2026,employee');
    writeFileSync(join(dir, 'people.csv'), csv.join('\n'));
    const doc = join(dir, 'evidence-docs', 'information-security-policy.md');
    writeFileSync(doc, readFileSync(doc, 'utf8').replace('approvedOn: 2026-02-01', 'approvedOn: 1st of February'));
    const cwd = tempDir();
    const r = await runCli(['collect', '--demo', '--scenario', dir], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/people\.csv:14:6 {2}endDate {2}expected a date YYYY-MM-DD, got '31\/12\/2026'/);
    expect(r.stderr).toMatch(/information-security-policy\.md:6:\d+ {2}\/approvedOn {2}must match pattern/);
  }, 30_000);

  it('exports an access review, imports it signed with a revoke, and verifies the revoke in a later bundle', async () => {
    const dir = demoScenarioWith([]);
    const cwd = tempDir();
    const first = await runCliHere(['collect', '--demo', '--scenario', dir, '--as-of', Q3, '--json'], { cwd });
    expect([1, 3]).toContain(first.code);
    const ex = await runCliHere(['access-review', 'export', '--demo', '--quarter', '2026Q3', '--out', 'review', '--json'], { cwd });
    expect(ex.code, ex.stderr).toBe(0);
    const files = (JSON.parse(ex.stdout) as { files: Array<{ system: string; file: string; rows: number }> }).files;
    expect(files.map((f) => f.system)).toEqual(['okta', 'github', 'aws', 'identity-center']);
    // Identity Center: each user's groups and `<account>: <permission set>` grants, direct or through a group.
    const ic = readFileSync(files[3]!.file, 'utf8');
    expect(ic).toMatch(/temp-admin,temp-admin,,,unlinked,assigned,active,,222222222222: AdministratorAccess,yes/);
    expect(ic).toMatch(
      /dave,dave,Dev Patel,dev\.patel@acme\.example,roster email,assigned,active,engineers,222222222222: Developer \(via engineers\); 333333333333: ReadOnly \(via engineers\)/,
    );
    for (const f of files) {
      const lines = readFileSync(f.file, 'utf8').trimEnd().split('\r\n');
      // Sign every row: keep, except contractor-jo (a leaver) who is revoked.
      const signed = lines.map((l, i) => (i === 0 ? l : l.replace(/,,,$/, `,${l.includes('contractor-jo') ? 'revoke' : 'keep'},cto@acme.example,2026-10-05`)));
      writeFileSync(f.file, `${signed.join('\r\n')}\r\n`);
    }
    const bad = join(cwd, 'bad.csv');
    writeFileSync(bad, readFileSync(files[1]!.file, 'utf8').replace(',keep,', ',maybe,'));
    const rejected = await runCliHere(['access-review', 'import', '--demo', bad], { cwd });
    expect(rejected.code).toBe(2);
    expect(rejected.stderr).toMatch(/bad\.csv:\d+:16 {2}decision {2}expected keep or revoke, got 'maybe'/);
    const imp = await runCliHere(['access-review', 'import', '--demo', ...files.map((f) => f.file)], { cwd });
    expect(imp.code, imp.stderr).toBe(0);
    // The revoke is carried out before the next collection: contractor-jo is no longer a collaborator.
    const gh = join(dir, 'github.yaml');
    writeFileSync(gh, readFileSync(gh, 'utf8').replace('{ login: contractor-jo, permission: admin }, ', ''));
    const later = await runCliHere(['collect', '--demo', '--scenario', dir, '--as-of', '2026-11-22T12:00:00Z', '--json'], { cwd });
    const results = JSON.parse(later.stdout) as {
      checks: Array<{ check: string; status: string; findings: Array<{ status: string; resource: string; reason: string }> }>;
      controls: Array<{ id: string; status: string; manual: Array<{ id: string; state: string; due?: string }> }>;
    };
    const review = results.checks.find((c) => c.check === 'access.review-completed')!;
    expect(review.status).toBe('pass');
    expect(review.findings.find((f) => f.resource === 'access-review:2026Q3/github contractor-jo')?.reason).toMatch(/carried out: the account is gone/);
    // Documents: fresh passes, stale fails with the day it lapsed, missing stays manual.
    const byId = new Map(results.controls.map((c) => [c.id, c]));
    expect(byId.get('GOV-POL-01')?.status).toBe('pass');
    expect(byId.get('GOV-IR-01')?.status).toBe('fail');
    expect(byId.get('GOV-IR-01')?.manual).toContainEqual(expect.objectContaining({ id: 'policy.incident-response', state: 'stale', due: '2026-06-15' }));
    expect(byId.get('GOV-RISK-01')?.manual[0]?.state).toBe('missing');
    const manual = await runCliHere(['controls', '--demo', '--manual'], { cwd });
    expect(manual.stdout).toMatch(/GOV-IR-01\s+policy\.incident-response\s+stale\s+2026-06-15\s+security@acme\.example/);
  }, 60_000);
});
