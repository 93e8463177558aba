import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packagePath } from '../util/paths.js';
import { toJUnit } from './junit.js';
import { sampleResults } from './testing.js';
import { xmllintTool } from '../../test/helpers/tools.js';

const XSD = packagePath('test', 'schemas', 'junit.xsd');
const dir = mkdtempSync(join(tmpdir(), 'soc2-junit-'));

/** xmllint: missing locally, the tests that need it are skipped saying so; missing under CI=true, they fail. */
const xmllintCmd = xmllintTool();

/** Runs xmllint (CI installs libxml2-utils). */
function xmllint(args: string[], xml: string): { code: number | null; out: string; err: string } {
  const file = join(dir, `doc-${Math.random().toString(36).slice(2)}.xml`);
  writeFileSync(file, xml);
  const r = spawnSync('xmllint', [...args, file], { encoding: 'utf8' });
  if (r.error) throw new Error(`xmllint is needed for this test (apt-get install libxml2-utils): ${r.error.message}`);
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** xmllint prints an XPath string result followed by one newline. */
const xpath = (xml: string, expr: string) => xmllint(['--xpath', expr], xml).out.replace(/\n$/, '');

describe.skipIf(xmllintCmd.skip)('toJUnit (checked with xmllint, Debian package libxml2-utils)', () => {
  const xml = toJUnit(sampleResults());

  it('is valid against the JUnit schema CI servers use', () => {
    const r = xmllint(['--noout', '--schema', XSD], xml);
    expect(r.err).toContain('validates');
    expect(r.code).toBe(0);
  });

  it('the schema rejects a testsuite without its required counts', () => {
    const broken = xml.replace(/(<testsuite [^>]*?) tests="\d+"/, '$1');
    expect(broken).not.toBe(xml);
    expect(xmllint(['--noout', '--schema', XSD], broken).code).not.toBe(0);
  });

  it('has one testsuite per criterion in scope and one testcase per (control, check) mapped to it', () => {
    expect(xpath(xml, 'count(//testsuite)')).toBe('6');
    expect(xpath(xml, 'string(//testsuite[1]/@name)')).toBe('CC6.1 Logical access security');
    expect(xpath(xml, 'string(//testsuite[starts-with(@name,"CC6.1")]/@tests)')).toBe('2');
    expect(xpath(xml, 'count(//testcase[@classname="IAM-01"])')).toBe('2'); // in CC6.1 and CC6.2
    expect(xpath(xml, 'string(//testcase[@classname="IAM-01"][1]/@name)')).toBe('aws.iam.console-user-mfa Title of aws.iam.console-user-mfa');
  });

  it('maps fail → failure, error → error, manual and not-applicable → skipped, with matching counts', () => {
    expect(xpath(xml, 'count(//testcase[@classname="IAM-01"]/failure)')).toBe('2');
    expect(xpath(xml, 'string(//testsuite[starts-with(@name,"CC6.1")]/@failures)')).toBe('1');
    expect(xpath(xml, 'string(//testsuite[starts-with(@name,"CC8.1")]/@errors)')).toBe('1');
    expect(xpath(xml, 'string(//testcase[@classname="GH-01"]/error)')).toContain('could not collect github.repo.branch-protection in acme/api: denied');
    expect(xpath(xml, 'string(//testcase[@classname="LOG-01"]/skipped/@message)')).toBe('not applicable: no CloudTrail events in the window');
    expect(xpath(xml, 'string(//testcase[@classname="POL-01"]/skipped/@message)')).toBe('manual evidence not on file: Approved security policy');
    expect(xpath(xml, 'count(//testcase[@classname="OKTA-01"]/*[self::failure or self::error or self::skipped])')).toBe('0');
    expect(xpath(xml, 'string(//testcase[@classname="OKTA-01"]/system-out)')).toContain('excepted: okta:legacy@acme.example');
    expect(xpath(xml, 'string(/testsuites/@failures)')).toBe('2');
    expect(xpath(xml, 'string(/testsuites/@errors)')).toBe('1');
    expect(xpath(xml, 'string(//testsuite[starts-with(@name,"A1.2")]/@tests)')).toBe('0');
    expect(xpath(xml, 'string(//testsuite[starts-with(@name,"A1.2")]/system-out)')).toContain('uncovered');
  });

  it('lists failing findings as "resource: reason" and escapes what XML cannot carry raw', () => {
    const body = xpath(xml, 'string(//testcase[@classname="IAM-01"][1]/failure)');
    expect(body).toContain('arn:aws:iam::123456789012:user/bob: Console password without MFA');
    expect(body).toContain('arn:aws:iam::123456789012:user/<eve&"mallory">: Line one\nline two \uFFFD with a control char');
    expect(body).toContain('Remediation: Fix aws.iam.console-user-mfa: do the thing & check <again>.');
    expect(xpath(xml, 'string(/testsuites/@name)')).toBe('soc2 Acme & Sons <test>');
    expect(xml).not.toContain('\u0001');
  });

  it('an all-pass run has no failure, error or skipped elements for its checks', () => {
    const clean = toJUnit(sampleResults({ statuses: { 'IAM-01': 'pass', 'GH-01': 'pass', 'LOG-01': 'pass' } }));
    expect(xmllint(['--noout', '--schema', XSD], clean).code).toBe(0);
    expect(xpath(clean, 'count(//failure | //error)')).toBe('0');
  });

  it('a document control that passes covers its criterion with a passing case, not an "uncovered" suite', () => {
    const r = sampleResults();
    const pol = r.controls.find((c) => c.id === 'POL-01')!;
    Object.assign(pol, {
      status: 'pass',
      manual: [],
      documents: [
        {
          id: 'policy',
          path: 'policies/security.md',
          sha256: 'ab'.repeat(32),
          approvedOn: '2026-01-10',
          due: '2027-01-10',
          evidence: 'data/records/documents.file.jsonl#L1',
        },
      ],
    });
    r.criteria.find((k) => k.id === 'CC1.1')!.status = 'pass';
    const out = toJUnit(r);
    expect(xmllint(['--noout', '--schema', XSD], out).code).toBe(0);
    expect(xpath(out, 'string(//testsuite[starts-with(@name,"CC1.1")]/@tests)')).toBe('1');
    expect(xpath(out, 'string(//testsuite[starts-with(@name,"CC1.1")]/system-out)')).not.toContain('uncovered');
    expect(xpath(out, 'count(//testcase[@classname="POL-01"]/*[self::failure or self::error or self::skipped])')).toBe('0');
  });

  it('a failing document control (a lapsed document) is a <failure>, counted in failures', () => {
    const r = sampleResults();
    const pol = r.controls.find((c) => c.id === 'POL-01')!;
    Object.assign(pol, {
      status: 'fail',
      failing: 1,
      manual: [{ id: 'policy', description: 'Approved security policy', state: 'stale', due: '2026-10-01', owner: 'ciso@acme.example' }],
      documents: [
        {
          id: 'policy',
          path: 'policies/security.md',
          sha256: 'ab'.repeat(32),
          approvedOn: '2025-10-01',
          due: '2026-10-01',
          evidence: 'data/records/documents.file.jsonl#L1',
        },
      ],
    });
    const out = toJUnit(r);
    expect(xmllint(['--noout', '--schema', XSD], out).code).toBe(0);
    expect(xpath(out, 'count(//testcase[@classname="POL-01"]/failure)')).toBe('1');
    expect(xpath(out, 'count(//testcase[@classname="POL-01"]/skipped)')).toBe('0');
    expect(xpath(out, 'string(//testcase[@classname="POL-01"]/failure/@message)')).toContain('past its review date (due 2026-10-01)');
    expect(xpath(out, 'string(//testsuite[starts-with(@name,"CC1.1")]/@failures)')).toBe('1');
    expect(xpath(out, 'string(/testsuites/@failures)')).toBe('3');
  });
});
