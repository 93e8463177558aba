import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { builtinChecks } from '../../controls/checks/index.js';
import { loadCriteria } from '../engine/criteria.js';
import { packagePath } from '../util/paths.js';
import { DOCS } from './generate.js';

describe('generated references', () => {
  for (const [path, gen] of Object.entries(DOCS)) {
    it(`${path} is up to date (run \`npm run docs\`)`, () => {
      expect(readFileSync(packagePath(path), 'utf8')).toBe(gen());
    });
  }

  it('documents every built-in check and every criterion', () => {
    const checks = DOCS['docs/checks.md']!();
    for (const c of builtinChecks) expect(checks).toContain(`## \`${c.meta.id}\``);
    const criteria = DOCS['docs/criteria.md']!();
    for (const c of loadCriteria()) expect(criteria).toContain(`| ${c.id} |`);
  });
});
