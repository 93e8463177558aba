import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { Ajv } from 'ajv';

interface Criterion {
  id: string;
  category: string;
  group: string;
  title: string;
  automation: string;
}

const yamlPath = fileURLToPath(new URL('./tsc-2017.yaml', import.meta.url));
const schemaPath = fileURLToPath(new URL('../../schemas/criteria.schema.json', import.meta.url));

// The 61 ids of the 2017 TSC (reference control catalogue, section A.1), in file order.
const EXPECTED_IDS = [
  'CC1.1', 'CC1.2', 'CC1.3', 'CC1.4', 'CC1.5',
  'CC2.1', 'CC2.2', 'CC2.3',
  'CC3.1', 'CC3.2', 'CC3.3', 'CC3.4',
  'CC4.1', 'CC4.2',
  'CC5.1', 'CC5.2', 'CC5.3',
  'CC6.1', 'CC6.2', 'CC6.3', 'CC6.4', 'CC6.5', 'CC6.6', 'CC6.7', 'CC6.8',
  'CC7.1', 'CC7.2', 'CC7.3', 'CC7.4', 'CC7.5',
  'CC8.1',
  'CC9.1', 'CC9.2',
  'A1.1', 'A1.2', 'A1.3',
  'C1.1', 'C1.2',
  'PI1.1', 'PI1.2', 'PI1.3', 'PI1.4', 'PI1.5',
  'P1.1',
  'P2.1',
  'P3.1', 'P3.2',
  'P4.1', 'P4.2', 'P4.3',
  'P5.1', 'P5.2',
  'P6.1', 'P6.2', 'P6.3', 'P6.4', 'P6.5', 'P6.6', 'P6.7',
  'P7.1',
  'P8.1',
];

// Section C of the catalogue: criteria provable from APIs alone.
const AUTOMATABLE = ['CC6.1', 'CC6.6', 'CC6.7', 'CC7.1', 'CC7.2', 'A1.2'];

function prefixOf(id: string): string {
  return id.match(/^(CC|PI|A|C|P)/)![1]!;
}

const CATEGORY_BY_PREFIX: Record<string, string> = {
  CC: 'security',
  A: 'availability',
  C: 'confidentiality',
  PI: 'processing-integrity',
  P: 'privacy',
};

const criteria = parse(readFileSync(yamlPath, 'utf8')) as Criterion[];

describe('controls/criteria/tsc-2017.yaml', () => {
  it('validates against schemas/criteria.schema.json', () => {
    const schema = JSON.parse(readFileSync(schemaPath, 'utf8'));
    const ajv = new Ajv({ allErrors: true });
    const validate = ajv.compile(schema);
    const ok = validate(criteria);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('has exactly 61 unique ids', () => {
    const ids = criteria.map((c) => c.id);
    expect(ids).toHaveLength(61);
    expect(new Set(ids).size).toBe(61);
  });

  it('lists exactly the catalogue A.1 ids, in order', () => {
    expect(EXPECTED_IDS).toHaveLength(61);
    expect(criteria.map((c) => c.id)).toEqual(EXPECTED_IDS);
  });

  it('has the expected count per category (CC=33, A=3, C=2, PI=5, P=18)', () => {
    const counts: Record<string, number> = {};
    for (const c of criteria) counts[prefixOf(c.id)] = (counts[prefixOf(c.id)] ?? 0) + 1;
    expect(counts).toEqual({ CC: 33, A: 3, C: 2, PI: 5, P: 18 });
  });

  it('assigns the category that matches each id prefix', () => {
    for (const c of criteria) expect(c.category, c.id).toBe(CATEGORY_BY_PREFIX[prefixOf(c.id)]);
  });

  it('marks only the section C automatable criteria as automatable', () => {
    const automatable = criteria.filter((c) => c.automation === 'automatable').map((c) => c.id);
    expect(automatable).toEqual(AUTOMATABLE);
  });

  it('keeps titles short and non-empty', () => {
    for (const c of criteria) {
      expect(c.title.trim().length, c.id).toBeGreaterThan(0);
      expect(c.title.length, c.id).toBeLessThanOrEqual(110);
    }
  });
});
