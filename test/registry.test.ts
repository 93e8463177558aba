import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { builtinCollectors } from '../collectors/index.js';
import { builtinChecks } from '../controls/checks/index.js';
import { packagePath } from '../src/util/paths.js';
import { ajv } from '../src/util/ajv.js';

const checksDir = packagePath('controls', 'checks');
const checkFiles = readdirSync(checksDir, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .flatMap((d) =>
    readdirSync(join(checksDir, d.name))
      .filter((f) => /^[a-z0-9-]+\.[a-z0-9.-]+\.ts$/.test(f) && !f.endsWith('.test.ts'))
      .map((f) => ({ provider: d.name, id: basename(f, '.ts') })),
  );

describe('registries', () => {
  it('registers every check file, under an id equal to its file name and namespaced by its folder', () => {
    const registered = builtinChecks.map((c) => c.meta.id).sort();
    expect(registered).toEqual(checkFiles.map((f) => f.id).sort());
    for (const f of checkFiles) expect(f.id.startsWith(`${f.provider}.`)).toBe(true);
    expect(new Set(registered).size).toBe(registered.length);
  });

  it('gives every check complete metadata and a compilable params schema', () => {
    for (const c of builtinChecks) {
      expect(c.meta.title, c.meta.id).toBeTruthy();
      expect(c.meta.failureTitle, c.meta.id).toBeTruthy();
      expect(c.meta.remediation, c.meta.id).toBeTruthy();
      expect(c.meta.requires.length, c.meta.id).toBeGreaterThan(0);
      if (c.meta.paramsSchema) expect(() => ajv.compile(c.meta.paramsSchema!), c.meta.id).not.toThrow();
    }
  });

  it('has a collector producing every evidence type a check requires, and a schema for each produced type', () => {
    const produced = new Set(builtinCollectors.flatMap((c) => c.meta.produces));
    for (const c of builtinChecks)
      for (const t of [...c.meta.requires, ...(c.meta.requiresAnyOf ?? [])]) expect(produced.has(t), `${c.meta.id} requires ${t}`).toBe(true);
    for (const t of produced) expect(existsSync(packagePath('schemas', 'evidence', `${t}.schema.json`)), `schema for ${t}`).toBe(true);
  });

  it('names each collector after its folder and source, with permissions listed', () => {
    const ids = builtinCollectors.map((c) => c.meta.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const c of builtinCollectors) {
      expect(existsSync(packagePath('collectors', c.meta.source)), c.meta.id).toBe(true);
      expect(c.meta.id === c.meta.source || c.meta.id.startsWith(`${c.meta.source}-`), c.meta.id).toBe(true);
      expect(c.meta.permissions.length, c.meta.id).toBeGreaterThan(0);
    }
  });

  it('maps every built-in check into the default control library, each control with a why and an owner', () => {
    const lib = packagePath('controls', 'library');
    const controls = readdirSync(lib)
      .filter((f) => f.endsWith('.yaml'))
      .flatMap((f) => parse(readFileSync(join(lib, f), 'utf8')) as Array<{ id: string; why?: string; owner?: string; checks?: Array<{ use?: string }> }>);
    const used = new Set(controls.flatMap((c) => (c.checks ?? []).map((k) => k.use)));
    for (const c of builtinChecks) expect(used.has(c.meta.id), `${c.meta.id} is in no control`).toBe(true);
    for (const c of controls) {
      expect(c.why, `${c.id} why`).toBeTruthy();
      expect(c.owner, `${c.id} owner`).toBeTruthy();
    }
  });
});
