import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExitError } from '../util/exit.js';
import { setup } from '../cli/setup.js';
import { evaluate } from '../engine/evaluate.js';
import { viewFromEvents } from '../engine/evidence.js';

function configFile(lines: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'soc2-ovr-'));
  const p = join(dir, 'soc2.config.yaml');
  writeFileSync(p, ['organization: Acme', 'sources:', '  aws: { regions: [us-east-1] }', ...lines, ''].join('\n'));
  return p;
}

async function problems(lines: string[]): Promise<string[]> {
  const p = configFile(lines);
  try {
    await setup({ config: p });
  } catch (err) {
    if (!(err instanceof ExitError)) throw err;
    expect(err.code).toBe(2);
    return err.details.map((d) => d.replace(p, 'soc2.config.yaml'));
  }
  throw new Error('expected the config to be rejected');
}

describe('config overrides of the control library', () => {
  it('sets owners and params, disables controls, and says what it changed', async () => {
    const p = configFile([
      'overrides:',
      '  IAM-05:',
      '    owner: platform@acme.example',
      '    params: { aws.iam.unused-credentials: { maxIdleDays: 45 } }',
      '  LOG-04: { enabled: false }',
    ]);
    const { controlMap } = await setup({ config: p });
    const iam5 = controlMap.controls.find((c) => c.id === 'IAM-05')!;
    expect(iam5.owner).toBe('platform@acme.example');
    expect(iam5.checks.find((b) => b.id === 'aws.iam.unused-credentials')!.params).toEqual({ maxIdleDays: 45 });
    expect(iam5.overridden).toEqual(['owner', 'params.aws.iam.unused-credentials']);
    // Untouched controls keep the library's owner and are not marked.
    const iam1 = controlMap.controls.find((c) => c.id === 'IAM-01')!;
    expect(iam1.owner).toBe('security@example.com');
    expect(iam1.overridden).toBeUndefined();
    expect(controlMap.controls.some((c) => c.id === 'LOG-04')).toBe(false);
    expect(controlMap.disabled).toEqual([expect.objectContaining({ id: 'LOG-04', reason: expect.stringContaining('enabled: false') })]);

    // Results carry the owner and the override marks; the disabled control is listed as not assessed.
    const results = evaluate({
      organization: 'Acme',
      asOf: new Date('2026-12-05T00:00:00Z'),
      period: { start: '2026-01-01', end: '2026-12-31' },
      categories: ['security'],
      controls: controlMap.controls.filter((c) => c.id === 'IAM-05'),
      disabled: controlMap.disabled,
      controlMapDigest: 'x',
      exceptions: [],
      view: viewFromEvents([]),
      collectedTypes: new Set(['aws.iam.credential-report']),
    });
    expect(results.controls[0]).toMatchObject({ id: 'IAM-05', owner: 'platform@acme.example', overridden: ['owner', 'params.aws.iam.unused-credentials'] });
    expect(results.checks.find((c) => c.check === 'aws.iam.unused-credentials')!.params).toEqual({ maxIdleDays: 45 });
    expect(results.skipped).toContainEqual(expect.objectContaining({ id: 'LOG-04' }));
  });

  it('rejects an unknown control, a check the control lacks and bad params with file:line:col, all at once', async () => {
    const lines = await problems([
      'overrides:',
      '  IAM-5: { owner: x@acme.example }',
      '  IAM-05:',
      '    params:',
      '      aws.iam.root-mfa: {}',
      '      aws.iam.unused-credentials: { maxIdleDays: 0 }',
    ]);
    expect(lines).toEqual([
      "soc2.config.yaml:5:3  /overrides/IAM-5  unknown control IAM-5  (did you mean 'IAM-05'?)",
      'soc2.config.yaml:8:7  /overrides/IAM-05/params/aws.iam.root-mfa  control IAM-05 has no check aws.iam.root-mfa  (its checks: aws.iam.access-key-rotation, aws.iam.unused-credentials)',
      expect.stringMatching(
        /^soc2\.config\.yaml:9:\d+ {2}\/overrides\/IAM-05\/params\/aws\.iam\.unused-credentials\/maxIdleDays {2}aws\.iam\.unused-credentials: .*>= 1/,
      ),
    ]);
  });
});

describe('date and account-id errors name the expected form', () => {
  it('says YYYY-MM-DD for a bad date and asks to quote an account id YAML read as a number', async () => {
    const lines = await problems([
      'period: { start: 2026-1-5, end: 2026-12-31 }',
      'exceptions:',
      '  - { control: IAM-01, resource: "*", reason: accepted, approvedBy: cto@acme.example, ticket: T-1, expires: 31/12/2026 }',
    ]);
    expect(lines).toEqual([
      "soc2.config.yaml:4:18  /period/start  expected a date in the form YYYY-MM-DD, got '2026-1-5'",
      "soc2.config.yaml:6:109  /exceptions/0/expires  expected a date in the form YYYY-MM-DD, got '31/12/2026'",
    ]);
  });

  it('asks to quote the 12-digit id when YAML read it as a number (and lost its leading zero)', async () => {
    const p = configFile([]).replace(/soc2\.config\.yaml$/, 'x.yaml');
    writeFileSync(
      p,
      ['organization: Acme', 'sources:', '  aws:', '    accounts:', '      - { id: 012345678901, name: prod }', '      - { id: "12345", name: dev }', ''].join(
        '\n',
      ),
    );
    let details: string[] = [];
    try {
      await setup({ config: p });
    } catch (err) {
      details = (err as ExitError).details.map((d) => d.replace(p, 'x.yaml'));
    }
    expect(details).toEqual([
      'x.yaml:5:15  /sources/aws/accounts/0/id  expected a 12-digit AWS account id as a string, got the number 12345678901  (quote the 12-digit id: "012345678901" (unquoted, YAML reads it as a number and drops leading zeros))',
      'x.yaml:6:15  /sources/aws/accounts/1/id  expected a 12-digit AWS account id, got \'12345\'  (quote the 12-digit id, e.g. "012345678901")',
    ]);
  });
});
