import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCollector } from '../../test/helpers/collect.js';
import { formatProblem } from '../../src/util/problems.js';
import { vendorsCollector } from './collector.js';
import { parseRegister } from './register.js';
import { validateVendors } from './validate.js';

const dir = mkdtempSync(join(tmpdir(), 'soc2-vendors-'));
const put = (name: string, text: string) => {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
};
const YAML = `vendors:
  - vendor: Zendesk
    purpose: customer support tickets
    dataCategories: [customer PII]
    criticality: high
    owner: support@acme.example
    lastReviewDate: 2026-03-01
    assurance: { kind: soc2-type2, periodEnd: 2026-06-30, file: zendesk-soc2.pdf }
    subservice: false
    domains: [zendesk.com]
  - vendor: AWS
    purpose: hosting
    criticality: critical
    owner: cto@acme.example
    subservice: true
    cuecs:
      - { id: CUEC-1, text: Customers restrict IAM access, control: AC-IAM-01 }
`;

describe('vendor register', () => {
  it('reads a YAML register with defaults and lines', () => {
    const r = parseRegister(put('v.yaml', YAML), 'v.yaml');
    expect(r.problems).toEqual([]);
    expect(r.entries.map((e) => [e.vendor, e.line, e.aliases])).toEqual([
      ['Zendesk', 2, []],
      ['AWS', 11, []],
    ]);
    expect(r.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('names file:line:col of a bad YAML value', () => {
    const r = parseRegister(
      put('bad.yaml', YAML.replace('criticality: high', 'criticality: hgh').replace('lastReviewDate: 2026-03-01', 'lastReviewDate: March')),
      'bad.yaml',
    );
    expect(r.problems.map(formatProblem)).toEqual([
      expect.stringMatching(/^bad\.yaml:5:18 {2}\/vendors\/0\/criticality {2}must be one of .*did you mean 'high'/),
      "bad.yaml:7:21  /vendors/0/lastReviewDate  expected a date in the form YYYY-MM-DD, got 'March'",
    ]);
  });

  it('reads a CSV register and names the row and column of a bad cell', () => {
    const head = 'vendor,purpose,criticality,owner,subservice,assuranceKind,assurancePeriodEnd,cuecs,aliases\n';
    const good = parseRegister(
      put(
        'v.csv',
        `${head}Okta,identity,critical,it@acme.example,yes,soc2-type2,2026-09-30,C1|Customers enforce MFA|AC-MFA-01;C2|Customers review admins,okta-admin;okta\n`,
      ),
      'v.csv',
    );
    expect(good.problems).toEqual([]);
    expect(good.entries[0]).toMatchObject({
      vendor: 'Okta',
      subservice: true,
      assurance: { kind: 'soc2-type2', periodEnd: '2026-09-30' },
      cuecs: [
        { id: 'C1', text: 'Customers enforce MFA', control: 'AC-MFA-01' },
        { id: 'C2', text: 'Customers review admins' },
      ],
      aliases: ['okta-admin', 'okta'],
      line: 2,
    });
    const bad = parseRegister(
      put('b.csv', `${head}Okta,identity,critical,it@acme.example,yes,,2026-09-30,,\nSlack,chat,urgent,it@acme.example,maybe,,,,\n`),
      'b.csv',
    );
    expect(bad.problems.map(formatProblem)).toEqual([
      "b.csv:2:6  assuranceKind  missing required property 'kind'",
      expect.stringMatching(/^b\.csv:3:3 {2}criticality {2}must be one of .*, got 'urgent'$/),
      "b.csv:3:5  subservice  expected boolean, got 'maybe'",
    ]);
  });

  it('refuses a mapping to an unknown vendor, a bad key and a missing report', () => {
    const reg = put('m.yaml', YAML);
    const mapping = put('map.yaml', "'okta:Zendesk Support': Zendesk\n'github:renovate': Renovate\nslack: AWS\n");
    const problems = validateVendors(reg, mapping, dir).map(formatProblem);
    expect(problems).toEqual([
      expect.stringMatching(/m\.yaml:2:1 {2}assurance\/file {2}assurance report of Zendesk \(zendesk-soc2\.pdf\): file not found/),
      expect.stringMatching(/map\.yaml:2:20 {2}\/github:renovate {2}maps to Renovate, which is not in the vendor register/),
      expect.stringMatching(/map\.yaml:3:1 {2}\/slack {2}expected a key '<okta\|github\|aws>:<discovered name>'/),
    ]);
  });

  it('refuses a CUEC that names a control the control map lacks', () => {
    const problems = validateVendors(put('cu.yaml', YAML.replace(', file: zendesk-soc2.pdf', '')), undefined, dir, (p) => p, new Set(['AC-MFA-01'])).map(
      formatProblem,
    );
    expect(problems).toEqual([
      expect.stringMatching(/cu\.yaml:11:1 {2}cuecs\/0\/control {2}CUEC CUEC-1 of AWS names control AC-IAM-01, which is not in the control map/),
    ]);
  });
});

describe('vendors collector', () => {
  it('emits one vendors.vendor record per vendor, with the report digest and mapped names, and attaches the report', async () => {
    put('zendesk-soc2.pdf', '%PDF-1.4 report');
    const mapping = put('map2.yaml', "'okta:Zendesk Support': zendesk\n");
    const run = await runCollector(vendorsCollector, { register: put('c.yaml', YAML), mapping, reportsDir: dir });
    expect(run.errors()).toEqual([]);
    const recs = run.records('vendors.vendor').map((r) => r.data);
    expect(recs[0]).toMatchObject({
      name: 'Zendesk',
      criticality: 'high',
      contractDate: null,
      mapped: ['okta:Zendesk Support'],
      assurance: {
        kind: 'soc2-type2',
        bridgeLetterDate: null,
        report: { file: 'zendesk-soc2.pdf', sha256: '34467aeb16378d098cf8bfe626e2520c5fb3ca44188ec988e2a78cc28b4a94a1', bytes: 15 },
      },
    });
    expect(recs[1]).toMatchObject({ name: 'AWS', assurance: null, subservice: true, cuecs: [{ id: 'CUEC-1', control: 'AC-IAM-01' }] });
    expect(run.view.scopes('vendors.vendor')).toEqual(['vendors']);
  });

  it('attaches a report two vendors share once', async () => {
    const shared = YAML.replace('subservice: true\n', 'subservice: true\n    assurance: { kind: iso27001, periodEnd: 2026-06-30, file: zendesk-soc2.pdf }\n');
    const attached: string[] = [];
    const { runCollector: run2 } = await import('../../test/helpers/collect.js');
    const r = await run2(
      { ...vendorsCollector, collect: (ctx) => vendorsCollector.collect({ ...ctx, attach: async (_s, name) => void attached.push(name) }) },
      { register: put('shared.yaml', shared), reportsDir: dir },
    );
    expect(r.errors()).toEqual([]);
    expect(r.records('vendors.vendor').map((x) => x.data.assurance?.report?.sha256)).toEqual([
      expect.stringMatching(/^[0-9a-f]{64}$/),
      expect.stringMatching(/^[0-9a-f]{64}$/),
    ]);
    expect(attached).toEqual([`reports/${r.records('vendors.vendor')[0]!.data.assurance.report.sha256}`]);
  });

  it('is an error, not an empty register, when the register no longer parses', async () => {
    const run = await runCollector(vendorsCollector, { register: put('gone.yaml', 'vendors: 3\n'), reportsDir: dir });
    expect(run.errors().map((e) => [e.type, e.cause])).toEqual([['vendors.vendor', 'invalid-response']]);
    expect(run.view.scopes('vendors.vendor')).toEqual([]);
  });
});

describe('starter register (soc2 init)', () => {
  it('is valid, names AWS, GitHub and Okta as subservice organisations, and maps each CUEC to a library control', async () => {
    const { STARTER_REGISTER } = await import('./template.js');
    const { readdirSync, readFileSync } = await import('node:fs');
    const { parse } = await import('yaml');
    const { packagePath } = await import('../../src/util/paths.js');
    const r = parseRegister(put('starter.yaml', STARTER_REGISTER), 'starter.yaml');
    expect(r.problems).toEqual([]);
    expect(r.entries.map((e) => [e.vendor, e.subservice, e.criticality])).toEqual([
      ['Amazon Web Services', true, 'critical'],
      ['GitHub', true, 'critical'],
      ['Okta', true, 'critical'],
    ]);
    const lib = packagePath('controls', 'library');
    const ids = new Set(
      readdirSync(lib)
        .filter((f) => f.endsWith('.yaml'))
        .flatMap((f) => (parse(readFileSync(join(lib, f), 'utf8')) as Array<{ id: string }>).map((c) => c.id)),
    );
    for (const c of r.entries.flatMap((e) => e.cuecs)) expect(ids.has(c.control!), c.id).toBe(true);
  });
});
