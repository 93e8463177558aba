import { createHash } from 'node:crypto';
import { readCsv } from '../../src/util/csv.js';
import { readInputFile } from '../../src/util/input-file.js';
import { ajvProblems, type Problem } from '../../src/util/problems.js';
import { YamlFile } from '../../src/util/yaml-file.js';
import { describeAjvError, makeAjv } from '../../src/util/ajv.js';
import { packagePath } from '../../src/util/paths.js';
import { readFileSync } from 'node:fs';

export type Criticality = 'critical' | 'high' | 'medium' | 'low';

/** One entry of the vendor register as written (schemas/vendors.schema.json). */
export interface RegisterEntry {
  vendor: string;
  purpose: string;
  dataCategories: string[];
  criticality: Criticality;
  owner: string;
  contractDate?: string;
  dpaDate?: string;
  lastReviewDate?: string;
  assurance?: { kind: 'soc2-type2' | 'iso27001' | 'other'; periodEnd: string; bridgeLetterDate?: string; file?: string };
  subservice: boolean;
  cuecs: Array<{ id: string; text: string; control?: string }>;
  domains: string[];
  accountIds: string[];
  aliases: string[];
  /** Line of the entry in the register, for the auditor to find it. */
  line: number;
}

export interface ParsedRegister {
  entries: RegisterEntry[];
  problems: Problem[];
  sha256: string;
}

const schema = JSON.parse(readFileSync(packagePath('schemas', 'vendors.schema.json'), 'utf8')) as Record<string, unknown>;
const validate = makeAjv({ useDefaults: true }).compile(schema);

/** CSV columns → register fields. Lists are ';'-separated; CUECs `id|text|control`. */
const LISTS = ['dataCategories', 'domains', 'accountIds', 'aliases'];
const ASSURANCE: Record<string, string> = {
  assuranceKind: 'kind',
  assurancePeriodEnd: 'periodEnd',
  bridgeLetterDate: 'bridgeLetterDate',
  assuranceFile: 'file',
};
export const CSV_COLUMNS = [
  'vendor',
  'purpose',
  'dataCategories',
  'criticality',
  'owner',
  'contractDate',
  'dpaDate',
  'lastReviewDate',
  ...Object.keys(ASSURANCE),
  'subservice',
  'cuecs',
  'domains',
  'accountIds',
  'aliases',
];
const norm = (h: string) => h.toLowerCase().replace(/[\s_-]/g, '');
const BY_NORM = new Map(CSV_COLUMNS.map((c) => [norm(c), c]));

/** Reads and validates a register (YAML or CSV). Problems name file:line:col and the field (CSV: the column). */
export function parseRegister(path: string, shown = path): ParsedRegister {
  const read = readInputFile(path);
  if ('error' in read) return { entries: [], sha256: '', problems: [{ file: shown, line: 1, col: 1, pointer: '', message: `vendor register: ${read.error}` }] };
  const sha256 = createHash('sha256').update(read.bytes).digest('hex');
  const text = read.bytes.toString('utf8').replace(/^\uFEFF/, '');
  const out = /\.csv$/i.test(path) ? fromCsv(text, shown) : fromYaml(text, shown);
  const problems = [...out.problems];
  const seen = new Map<string, number>();
  for (const e of out.entries) {
    const key = e.vendor.toLowerCase();
    if (seen.has(key))
      problems.push({
        file: shown,
        line: e.line,
        col: 1,
        pointer: 'vendor',
        message: `vendor ${e.vendor} appears twice`,
        hint: `first on line ${seen.get(key)}`,
      });
    else seen.set(key, e.line);
  }
  return { entries: out.entries, problems, sha256 };
}

function fromYaml(text: string, file: string): { entries: RegisterEntry[]; problems: Problem[] } {
  const { file: y, problems } = YamlFile.parse(text, file);
  if (!y) return { entries: [], problems };
  const value = y.value ?? {};
  if (!validate(value)) return { entries: [], problems: ajvProblems(y, validate.errors) };
  const list = (value as { vendors: RegisterEntry[] }).vendors;
  return { entries: list.map((e, i) => ({ ...e, line: y.locate(`/vendors/${i}`).line })), problems: [] };
}

function fromCsv(text: string, file: string): { entries: RegisterEntry[]; problems: Problem[] } {
  const { records, problem } = readCsv(text, file);
  if (problem) return { entries: [], problems: [problem] };
  if (records.length === 0)
    return {
      entries: [],
      problems: [
        { file, line: 1, col: 1, pointer: '', message: 'the vendor register is empty (expected a header row)', hint: `columns: ${CSV_COLUMNS.join(', ')}` },
      ],
    };
  const raw = records[0]!.record;
  const header = raw.map((h) => BY_NORM.get(norm(h)) ?? null);
  const problems: Problem[] = [];
  raw.forEach(
    (h, i) =>
      header[i] === null &&
      problems.push({
        file,
        line: records[0]!.info.lines,
        col: i + 1,
        pointer: h,
        message: `unknown column '${h}'`,
        hint: `columns: ${CSV_COLUMNS.join(', ')}`,
      }),
  );
  const rows = records.slice(1);
  const vendors = rows.map(({ record }) => {
    const o: Record<string, unknown> = {};
    const assurance: Record<string, string> = {};
    header.forEach((h, i) => {
      const v = (record[i] ?? '').trim();
      if (!h || v === '') return;
      if (h in ASSURANCE) assurance[ASSURANCE[h]!] = v;
      else if (LISTS.includes(h))
        o[h] = v
          .split(';')
          .map((s) => s.trim())
          .filter(Boolean);
      else if (h === 'subservice') o[h] = /^(true|yes|y|1)$/i.test(v) ? true : /^(false|no|n|0)$/i.test(v) ? false : v;
      else if (h === 'cuecs')
        o[h] = v
          .split(';')
          .map((s) => s.trim())
          .filter(Boolean)
          .map((c) => {
            const [id, text, control] = c.split('|').map((p) => p.trim());
            return { id, text, ...(control ? { control } : {}) };
          });
      else o[h] = v;
    });
    if (Object.keys(assurance).length) o.assurance = assurance;
    return o;
  });
  const doc = { vendors };
  if (!validate(doc)) {
    for (const e of validate.errors ?? []) {
      const m = /^\/vendors\/(\d+)(?:\/([^/]+))?(?:\/([^/]+))?/.exec(e.instancePath);
      const row = m ? rows[Number(m[1])] : undefined;
      let field = m?.[2] ?? (e.keyword === 'required' ? (e.params as { missingProperty: string }).missingProperty : '');
      if (field === 'assurance')
        field = Object.keys(ASSURANCE).find((k) => ASSURANCE[k] === (m?.[3] ?? (e.params as { missingProperty?: string }).missingProperty)) ?? 'assuranceKind';
      const col = header.indexOf(field) + 1;
      const value = e.keyword === 'required' ? undefined : e.data;
      const what = e.keyword === 'format' ? 'expected a date in the form YYYY-MM-DD' : describeAjvError(e);
      problems.push({
        file,
        line: row?.info.lines ?? 1,
        col: Math.max(1, col),
        pointer: field,
        message: `${what}${value !== undefined && typeof value !== 'object' ? `, got '${String(value)}'` : ''}`,
        ...(e.keyword === 'required' && col === 0 ? { hint: `add a ${field} column` } : {}),
      });
    }
    return { entries: [], problems };
  }
  return { entries: (doc.vendors as unknown as RegisterEntry[]).map((e, i) => ({ ...e, line: rows[i]!.info.lines })), problems };
}
