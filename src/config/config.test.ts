import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinSources } from '../../collectors/index.js';
import { ExitError } from '../util/exit.js';
import { loadConfig } from './config.js';

function write(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'soc2-cfg-'));
  const p = join(dir, 'soc2.config.yaml');
  writeFileSync(p, text);
  return p;
}

function problems(text: string, env: NodeJS.ProcessEnv = {}): { code: number; lines: string[] } {
  const p = write(text);
  try {
    loadConfig(p, builtinSources, env);
  } catch (err) {
    if (!(err instanceof ExitError)) throw err;
    return { code: err.code, lines: err.details.map((d) => d.replace(p, 'soc2.config.yaml')) };
  }
  throw new Error('expected the config to be rejected');
}

describe('loadConfig', () => {
  it('accepts a valid config, resolves ${ENV} references and applies defaults', () => {
    const p = write('organization: Acme\nsources:\n  github:\n    org: acme\n    token: ${GH_T}\n');
    const { config } = loadConfig(p, builtinSources, { GH_T: 'abc' });
    expect(config.sources.github!.token).toBe('abc');
    expect(config.evidenceDir).toBe('evidence');
    expect(config.scope.categories).toEqual(['security']);
    expect(config.controls).toEqual(['controls/library']);
  });

  it('reports every shape problem at once with line, column, pointer and a hint', () => {
    const r = problems(
      [
        'organization: Acme',
        'sources:',
        '  aws:',
        '    region: [us-east-1]',
        '  gitlab: {}',
        'period: { start: 2026-01-01 }',
        'exceptions:',
        '  - { control: X, resource: "*", reason: ok ok, approvedBy: cto, ticket: T-1 }',
        '',
      ].join('\n'),
    );
    expect(r.code).toBe(2);
    expect(r.lines).toEqual([
      "soc2.config.yaml:4:5  /sources/aws/region  unknown property 'region'  (did you mean 'regions'?)",
      "soc2.config.yaml:5:3  /sources/gitlab  unknown property 'gitlab'  (did you mean 'github'?)",
      "soc2.config.yaml:6:9  /period  missing required property 'end'",
      "soc2.config.yaml:8:5  /exceptions/0  missing required property 'expires'",
    ]);
  });

  it('rejects a literal secret where an ${ENV} reference belongs', () => {
    const r = problems('organization: Acme\nsources:\n  github:\n    org: acme\n    token: ghp_abcdefghijklmnopqrstuvwxyz0123456789\n');
    expect(r.lines).toEqual([
      'soc2.config.yaml:5:12  /sources/github/token  a literal secret is not allowed in the config file  (put it in the environment and write ${GITHUB_TOKEN})',
    ]);
  });

  it('names a missing environment variable', () => {
    const r = problems('organization: Acme\nsources:\n  okta:\n    orgUrl: https://acme.okta.com\n    token: ${OKTA_API_TOKEN}\n');
    expect(r.lines[0]).toContain('soc2.config.yaml:5:12  /sources/okta/token  environment variable OKTA_API_TOKEN is not set');
  });

  it('reports YAML syntax errors with their position', () => {
    const r = problems('organization: Acme\nsources: [\n');
    expect(r.code).toBe(2);
    expect(r.lines[0]).toMatch(/^soc2\.config\.yaml:\d+:\d+  \/  YAML syntax: /);
  });

  it('rejects a period that ends before it starts', () => {
    const r = problems('organization: Acme\nperiod: { start: 2026-05-01, end: 2026-01-01 }\nsources: {}\n');
    expect(r.lines[0]).toMatch(/\/period\/end  the period ends \(2026-01-01\) before it starts/);
  });
});
