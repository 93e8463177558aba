import { describe, expect, it } from 'vitest';
import { formatProblem, type Problem } from './problems.js';

describe('one Problem type and formatter', () => {
  it('locates an input file by line, column and pointer, with the hint', () => {
    const p: Problem = { file: 'soc2.config.yaml', line: 4, col: 3, pointer: '/sources/aws/regions', message: 'expected an array', hint: 'use a YAML list' };
    expect(formatProblem(p)).toBe('soc2.config.yaml:4:3  /sources/aws/regions  expected an array  (use a YAML list)');
    expect(formatProblem({ ...p, pointer: '', hint: undefined })).toBe('soc2.config.yaml:4:3  /  expected an array');
  });

  it('names a verification failure by kind, bundle and file', () => {
    expect(formatProblem({ kind: 'altered', bundle: '2026-11-22T131000Z', file: 'data/results.json', message: 'sha256 differs' })).toBe(
      'altered   2026-11-22T131000Z/data/results.json: sha256 differs',
    );
    expect(formatProblem({ kind: 'missing', file: 'SHA256SUMS', message: 'the pack has no SHA256SUMS' })).toBe(
      'missing   SHA256SUMS: the pack has no SHA256SUMS',
    );
    expect(formatProblem({ kind: 'gap', message: 'the chain has a hole' })).toBe('gap       the chain has a hole');
  });
});
