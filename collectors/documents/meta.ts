import { existsSync } from 'node:fs';
import { readInputFile } from '../../src/util/input-file.js';
import { ajvProblems, type Problem } from '../../src/util/problems.js';
import { YamlFile } from '../../src/util/yaml-file.js';
import { makeAjv } from '../../src/util/ajv.js';

/** What a document says about itself (front-matter or sidecar). */
export interface DocMeta {
  controls: string[];
  owner: string;
  approvedBy?: string;
  approvedOn: string;
  reviewEvery: string;
  title?: string;
}

const SCHEMA = {
  type: 'object',
  required: ['controls', 'owner', 'approvedOn', 'reviewEvery'],
  properties: {
    controls: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 }, description: 'control ids or evidence requirement ids' },
    owner: { type: 'string', minLength: 3 },
    approvedBy: { type: 'string', minLength: 3 },
    approvedOn: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
    reviewEvery: { type: 'string', pattern: '^[1-9][0-9]*[dwmy]$' },
    title: { type: 'string' },
  },
};
const validate = makeAjv().compile(SCHEMA);

/** The sidecar of a file: `<file>.meta.yaml`. */
export const sidecarOf = (path: string) => `${path}.meta.yaml`;

/**
 * Reads a document's metadata: front-matter for Markdown (between `---` lines at the top), else the sidecar.
 * Problems carry the line in the document (or sidecar) where the bad key sits.
 */
export function readDocMeta(path: string, shown: string): { meta?: DocMeta; problems: Problem[] } {
  const side = sidecarOf(path);
  if (existsSync(side)) return check(YamlFile.load(side, `${shown}.meta.yaml`), 0);
  if (/\.md$/i.test(path)) {
    const read = readInputFile(path);
    if ('error' in read) return { problems: [{ file: shown, line: 1, col: 1, pointer: '', message: read.error }] };
    const text = read.bytes.toString('utf8');
    const m = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(text);
    if (m) return check(YamlFile.parse(m[1]!, shown), 1);
  }
  return {
    problems: [
      {
        file: shown,
        line: 1,
        col: 1,
        pointer: '',
        message: 'no front-matter and no sidecar: which controls does this document prove?',
        hint: `add ${/\.md$/i.test(path) ? 'a --- front-matter block or ' : ''}${shown}.meta.yaml with controls, owner, approvedBy, approvedOn, reviewEvery`,
      },
    ],
  };
}

function check(parsed: { file?: YamlFile; problems: Problem[] }, lineOffset: number): { meta?: DocMeta; problems: Problem[] } {
  const shift = (ps: Problem[]) => ps.map((p) => ({ ...p, line: (p.line ?? 1) + lineOffset }));
  if (!parsed.file) return { problems: shift(parsed.problems) };
  const value = parsed.file.value;
  if (!validate(value)) return { problems: shift(ajvProblems(parsed.file, validate.errors)) };
  const meta = value as unknown as DocMeta;
  if (Number.isNaN(Date.parse(`${meta.approvedOn}T00:00:00Z`)))
    return { problems: shift([parsed.file.problem('/approvedOn', `not a calendar date: ${meta.approvedOn}`)]) };
  return { meta, problems: [] };
}
