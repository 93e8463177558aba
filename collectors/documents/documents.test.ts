import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listDocuments, validateDocuments } from './collector.js';
import { readDocMeta } from './meta.js';

const dir = mkdtempSync(join(tmpdir(), 'soc2-documents-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const put = (rel: string, text: string) => {
  mkdirSync(join(dir, rel, '..'), { recursive: true });
  writeFileSync(join(dir, rel), text);
};

put('policies/security.md', '---\ncontrols: [CC1.1]\nowner: Ada Lovelace\napprovedOn: 2026-01-10\nreviewEvery: 1y\n---\n# Security policy\n');
put('training/2026.pdf', '%PDF-1.4 training records');
put('training/2026.pdf.meta.yaml', 'controls: [CC1.4]\nowner: Bo Chen\napprovedOn: 2026-02-01\nreviewEvery: 12m\n');
put('reviews/q3.md', '---\ncontrols: []\nowner: Cy\napprovedOn: last spring\nreviewEvery: 1y\n---\n');
put('orphan.txt', 'no metadata');
put('.hidden', 'skipped');

describe('documents collector helpers', () => {
  it('lists evidence files (sidecars and dot-files left out), sorted, with / separators', () => {
    expect(listDocuments(dir)).toEqual(['orphan.txt', 'policies/security.md', 'reviews/q3.md', 'training/2026.pdf']);
  });

  it('reads front-matter and sidecar metadata', () => {
    expect(readDocMeta(join(dir, 'policies/security.md'), 'docs/policies/security.md')).toMatchObject({
      meta: { controls: ['CC1.1'], owner: 'Ada Lovelace', reviewEvery: '1y' },
      problems: [],
    });
    expect(readDocMeta(join(dir, 'training/2026.pdf'), 'docs/training/2026.pdf')).toMatchObject({
      meta: { controls: ['CC1.4'], owner: 'Bo Chen' },
      problems: [],
    });
  });

  it('names the file and the line of each bad key in the front-matter, and a document without metadata', () => {
    const problems = validateDocuments(dir, 'docs');
    const shown = problems.map((p) => `${p.file}:${p.line} ${p.pointer}`);
    // Front-matter starts on line 2 of the document: `controls` is line 2, `owner` 3, `approvedOn` 4.
    expect(shown).toEqual(
      expect.arrayContaining(['docs/reviews/q3.md:2 /controls', 'docs/reviews/q3.md:3 /owner', 'docs/reviews/q3.md:4 /approvedOn', 'docs/orphan.txt:1 ']),
    );
    expect(problems.find((p) => p.file === 'docs/orphan.txt')?.message).toMatch(/no front-matter and no sidecar/);
    expect(problems.filter((p) => p.file?.startsWith('docs/policies') || p.file?.startsWith('docs/training'))).toEqual([]);
  });
});
