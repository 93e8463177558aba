import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExitError } from '../util/exit.js';
import type { Check } from '../types.js';
import { loadControlMap } from './control-map.js';

const fake: Check<{ maxAgeDays: number }> = {
  meta: {
    id: 'test.key-age',
    title: 'keys are young',
    failureTitle: 'old keys',
    requires: ['test.key'],
    remediation: 'rotate',
    paramsSchema: { type: 'object', additionalProperties: false, properties: { maxAgeDays: { type: 'integer', minimum: 1, default: 90 } } },
  },
  evaluate: () => ({ findings: [] }),
};
const checks = new Map<string, Check>([[fake.meta.id, fake]]);
const criteria = new Set(['CC6.1', 'CC6.2', 'CC7.2']);

function load(text: string) {
  const dir = mkdtempSync(join(tmpdir(), 'soc2-map-'));
  writeFileSync(join(dir, 'map.yaml'), text);
  return { dir, run: () => loadControlMap(['map.yaml'], dir, checks, criteria) };
}

function details(text: string): string[] {
  const { dir, run } = load(text);
  try {
    run();
  } catch (err) {
    if (err instanceof ExitError) return err.details.map((d) => d.split(join(dir, 'map.yaml')).join('map.yaml'));
    throw err;
  }
  throw new Error('expected problems');
}

describe('loadControlMap', () => {
  it('binds checks with defaulted params and keeps the origin of each control', () => {
    const { run } = load('- id: KEY-01\n  title: Keys rotate\n  criteria: [CC6.1]\n  owner: sec@example.com\n  checks:\n    - use: test.key-age\n');
    const map = run();
    expect(map.controls).toHaveLength(1);
    expect(map.controls[0]!.checks[0]!.params).toEqual({ maxAgeDays: 90 });
    expect(map.controls[0]!.origin).toMatch(/map\.yaml:1$/);
    expect(map.digest).toMatch(/^[0-9a-f]{64}$/);
  });

  it('reports unknown checks, unknown criteria, bad params and duplicate ids together, with hints', () => {
    const lines = details(
      [
        '- id: KEY-01',
        '  title: Keys rotate',
        '  criteria: [CC6.1, CC6.9]',
        '  checks:',
        '    - use: test.key-ages',
        '    - use: test.key-age',
        '      params: { maxAgeDays: 0, maxAge: 3 }',
        '- id: KEY-01',
        '  title: Again',
        '  criteria: [CC7.2]',
        '',
      ].join('\n'),
    );
    expect(lines).toEqual([
      "map.yaml:3:21  /0/criteria/1  unknown criterion CC6.9  (did you mean 'CC6.1'?)",
      "map.yaml:5:12  /0/checks/0/use  unknown check test.key-ages  (did you mean 'test.key-age'?)",
      "map.yaml:7:15  /0/checks/1/params  test.key-age: unknown property 'maxAge'  (test.key-age takes: maxAgeDays)",
      'map.yaml:7:29  /0/checks/1/params/maxAgeDays  test.key-age: must be >= 1  (test.key-age takes: maxAgeDays)',
      'map.yaml:8:7  /1/id  duplicate control id KEY-01  (first defined at map.yaml:1)',
    ]);
  });

  it('reports shape errors by position (missing title, bad criterion format)', () => {
    const lines = details('- id: KEY-01\n  criteria: [cc6.1]\n');
    expect(lines).toContain("map.yaml:1:3  /0  missing required property 'title'");
    expect(lines.some((l) => l.startsWith('map.yaml:2:14  /0/criteria/0'))).toBe(true);
  });

  it('compiles declarative assert checks and rejects a broken schema', () => {
    const ok = load(
      '- id: CUSTOM-01\n  title: Trails use KMS\n  criteria: [CC6.1]\n  checks:\n    - assert: { type: aws.cloudtrail.trail, expect: { required: [KmsKeyId] } }\n',
    ).run();
    expect(ok.controls[0]!.checks[0]!.id).toBe('CUSTOM-01/assert-1');
    const lines = details('- id: CUSTOM-01\n  title: Bad\n  criteria: [CC6.1]\n  checks:\n    - assert: { type: x, expect: { type: nonsense } }\n');
    expect(lines[0]).toMatch(/^map\.yaml:5:15  \/0\/checks\/0\/assert  the assert schema does not compile/);
  });
});
