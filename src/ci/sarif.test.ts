import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { makeAjv } from '../util/ajv.js';
import { packagePath } from '../util/paths.js';
import { toSarif, type SarifLog } from './sarif.js';
import { sampleResults } from './testing.js';

const schema = JSON.parse(readFileSync(packagePath('test', 'schemas', 'sarif-2.1.0-subset.schema.json'), 'utf8')) as object;
const validate = makeAjv().compile(schema);
const errorsOf = (doc: unknown) => (validate(doc) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`));
const clone = (log: SarifLog) => JSON.parse(JSON.stringify(log));

describe('toSarif', () => {
  const log = toSarif(sampleResults(), '1.2.3');
  const run = log.runs[0]!;

  it('is valid SARIF 2.1.0 (subset schema of the objects soc2 emits)', () => {
    expect(errorsOf(log)).toEqual([]);
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toMatch(/sarif-schema-2\.1\.0\.json$/);
  });

  it('the schema rejects invented or misspelt fields and wrong levels', () => {
    const bad1 = clone(log);
    bad1.runs[0].results[0].mesage = bad1.runs[0].results[0].message;
    const bad2 = clone(log);
    bad2.runs[0].tool.driver.rules[0].helpText = 'x';
    const bad3 = clone(log);
    bad3.runs[0].results[0].level = 'critical';
    const bad4 = clone(log);
    delete bad4.runs[0].invocations[0].executionSuccessful;
    for (const bad of [bad1, bad2, bad3, bad4]) expect(errorsOf(bad).length).toBeGreaterThan(0);
  });

  it('has one rule per check with its remediation as help and its criteria as tags', () => {
    const rules = run.tool.driver.rules;
    expect(rules.map((r) => r.id)).toEqual([
      'aws.iam.console-user-mfa',
      'github.repo.default-branch-protected',
      'okta.users.mfa-enrolled',
      'aws.cloudtrail.root-console-logins',
    ]);
    const iam = rules[0]!;
    expect(iam.help.text).toBe('Fix aws.iam.console-user-mfa: do the thing & check <again>.');
    expect(iam.properties.tags).toEqual(['CC6.1', 'CC6.2']);
    expect(iam.shortDescription.text).toBe('Title of aws.iam.console-user-mfa');
    expect(iam.defaultConfiguration.level).toBe('error');
    expect(run.tool.driver).toMatchObject({ name: 'soc2', version: '1.2.3' });
  });

  it('has one result per failing finding, with the control and resource as logical location', () => {
    expect(run.results).toHaveLength(2);
    const [bob] = run.results;
    expect(bob).toMatchObject({
      ruleId: 'aws.iam.console-user-mfa',
      ruleIndex: 0,
      level: 'error',
      message: { text: 'Console password without MFA: enable a virtual MFA device.' },
    });
    expect(bob!.locations[0]!.logicalLocations).toEqual([
      { name: 'arn:aws:iam::123456789012:user/bob', fullyQualifiedName: 'IAM-01/arn:aws:iam::123456789012:user/bob', kind: 'resource' },
    ]);
    expect(bob!.properties.evidence).toBe('data/records/aws.iam.credential-report.jsonl#L3');
    // Excepted and passing findings are not results.
    expect(run.results.some((r) => r.properties.resource.startsWith('okta:'))).toBe(false);
  });

  it('locations are the same across runs: nothing points into a dated bundle', () => {
    const day1 = toSarif(sampleResults(), '1.2.3', { bundle: '2026-11-22T131000Z', configPath: 'soc2.config.yaml' });
    const later = sampleResults();
    // The next day the same failure sits on another line of another bundle.
    later.checks[0]!.findings[0]!.evidence = 'data/records/aws.iam.credential-report.jsonl#L9';
    later.asOf = '2026-11-23T13:10:00.000Z';
    const day2 = toSarif(later, '1.2.3', { bundle: '2026-11-23T131000Z', configPath: 'soc2.config.yaml' });
    expect(errorsOf(day1)).toEqual([]);
    const where = (l: SarifLog) => l.runs[0]!.results.map((r) => ({ locations: r.locations, fp: r.partialFingerprints }));
    expect(where(day2)).toEqual(where(day1));
    expect(JSON.stringify(where(day1))).not.toContain('2026-11-2');
    expect(day1.runs[0]!.results[0]!.locations[0]!.physicalLocation).toEqual({ artifactLocation: { uri: 'soc2.config.yaml' } });
    expect(day2.runs[0]!.results[0]!.properties).toMatchObject({ bundle: '2026-11-23T131000Z', evidence: 'data/records/aws.iam.credential-report.jsonl#L9' });
    expect(run.results[0]!.partialFingerprints).not.toEqual(run.results[1]!.partialFingerprints);
  });

  it('marks the invocation unsuccessful when evidence is incomplete and names what could not be collected', () => {
    const inv = run.invocations[0]!;
    expect(inv.executionSuccessful).toBe(false);
    expect(inv.toolExecutionNotifications).toHaveLength(1);
    expect(inv.toolExecutionNotifications[0]!.message.text).toContain('could not collect github.repo.branch-protection in acme/api for GH-01: denied');
    expect(inv.toolExecutionNotifications[0]!.associatedRule).toEqual({ id: 'github.repo.default-branch-protected', index: 1 });
    const complete = toSarif(sampleResults({ statuses: { 'GH-01': 'pass' } }), '1.2.3');
    expect(complete.runs[0]!.invocations[0]).toMatchObject({ executionSuccessful: true, toolExecutionNotifications: [] });
    expect(errorsOf(complete)).toEqual([]);
  });
});
