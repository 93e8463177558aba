import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatProblem } from './problems.js';
import { YamlFile } from './yaml-file.js';

const shown = (text: string) => YamlFile.parse(text, 'soc2.config.yaml').problems.map(formatProblem);

describe('YamlFile: hostile input is input', () => {
  it('an alias bomb is a problem at the first alias, not an exception', () => {
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x]',
      'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]',
      'd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]',
      '',
    ].join('\n');
    expect(shown(bomb)).toEqual([
      'soc2.config.yaml:2:8  /  YAML: aliases expand to more than 100 nodes (an alias bomb?)  (write the values out, or use fewer aliases)',
    ]);
  });

  it('an alias without its anchor is named where it is', () => {
    expect(shown('organization: Acme\ncontrols:\n  - *lib\n')).toEqual(['soc2.config.yaml:3:5  /  YAML: alias *lib refers to no anchor &lib set before it']);
  });

  it('nesting beyond the limit is one problem, however deep', () => {
    const deep = `a: ${'['.repeat(100)}${']'.repeat(100)}\n`;
    expect(shown(deep)).toEqual([expect.stringMatching(/^soc2\.config\.yaml:1:\d+  \/  YAML nesting too deep \(more than 64 levels\)$/)]);
    const deeper = `${'['.repeat(5_000)}${']'.repeat(5_000)}`;
    expect(shown(deeper)).toHaveLength(1);
    expect(shown(deeper)[0]).toContain('YAML nesting too deep');
  });

  it('an unquoted ${VAR} inside a flow map gets a hint to quote it', () => {
    const problems = shown('sources:\n  github: { org: acme, token: ${GITHUB_TOKEN} }\n');
    expect(problems[0]).toMatch(/^soc2\.config\.yaml:2:\d+  \/  YAML syntax: /);
    expect(problems[0]).toContain('(quote the reference: "${GITHUB_TOKEN}"; unquoted inside { } or [ ], YAML reads its { as the start of a mapping)');
    // Quoted, it parses; in block style it needs no quotes.
    expect(shown('sources:\n  github: { org: acme, token: "${GITHUB_TOKEN}" }\n')).toEqual([]);
    expect(shown('sources:\n  github:\n    token: ${GITHUB_TOKEN}\n')).toEqual([]);
  });

  it('a path to a device, a FIFO, a directory or an oversized file is a problem naming it, without hanging', () => {
    const dir = mkdtempSync(join(tmpdir(), 'soc2-yaml-'));
    const load = (p: string) => YamlFile.load(p).problems.map(formatProblem);
    expect(load('/dev/zero')).toEqual(['/dev/zero:1:1  /  a device, not a regular file']);
    expect(load(dir)).toEqual([`${dir}:1:1  /  a directory, not a file`]);
    const big = join(dir, 'big.yaml');
    writeFileSync(big, 'a: 1\n');
    process.env.SOC2_MAX_INPUT_BYTES = '4';
    try {
      expect(load(big)).toEqual([`${big}:1:1  /  5 bytes, larger than the 4-byte limit for an input file (SOC2_MAX_INPUT_BYTES raises it)`]);
    } finally {
      delete process.env.SOC2_MAX_INPUT_BYTES;
    }
    expect(load(join(dir, 'nope.yaml'))).toEqual([`${join(dir, 'nope.yaml')}:1:1  /  file not found`]);
  });
});

describe('YamlFile: nesting that would exhaust the parser', () => {
  it('is refused before parsing, at its line and column', () => {
    const text = `organization: Acme\ntitle: "[[[[ in quotes" # and [[[[ in a comment\nname: Don't [stop]\nlist: ${'['.repeat(50_000)}${']'.repeat(50_000)}\n`;
    expect(shown(text)).toEqual(['soc2.config.yaml:4:71  /  YAML nesting too deep (more than 64 levels)']);
    expect(shown(`a: ${'{b: '.repeat(65)}1${'}'.repeat(65)}\n`)).toEqual(['soc2.config.yaml:1:260  /  YAML nesting too deep (more than 64 levels)']);
    expect(shown(`a: ${'['.repeat(60)}${']'.repeat(60)}\nb: "${'['.repeat(100)}"\n`)).toEqual([]);
  });
});
