/**
 * The layers of soc2 point one way (docs/architecture.md, "Layers"). Every import of every source file is read
 * with the TypeScript compiler and checked against the table below: a module may import its own module and the
 * modules of lower layers; never a higher layer, never a sibling of its own layer.
 *
 * Tests (`*.test.ts`), test helpers (`testing.ts`, `test/`) and generated documentation may reach anything.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { packagePath } from '../src/util/paths.js';

/**
 * Bottom to top. A pattern ending in `/` names a folder whose files form one module per folder
 * (`collectors/*` / `controls/checks/*` as written: one module per provider or domain); anything else names a file.
 */
export const LAYERS: Array<{ name: string; modules: string[] }> = [
  { name: 'util', modules: ['src/util/'] },
  { name: 'evidence types', modules: ['src/evidence/'] },
  { name: 'contracts', modules: ['src/types.ts'] },
  { name: 'collector kit', modules: ['src/collector-kit.ts', 'src/probe.ts'] },
  { name: 'bundle', modules: ['src/bundle/', 'src/engine/evidence.ts'] },
  { name: 'populations', modules: ['src/populations/'] },
  { name: 'collectors', modules: ['collectors/*/'] },
  { name: 'collector registry', modules: ['collectors/index.ts'] },
  { name: 'checks', modules: ['controls/checks/*/'] },
  { name: 'check registry', modules: ['controls/checks/index.ts'] },
  { name: 'config', modules: ['src/config/'] },
  { name: 'engine', modules: ['src/engine/'] },
  { name: 'services', modules: ['src/sandbox/', 'src/remediate/', 'src/ci/', 'src/access/'] },
  { name: 'reports', modules: ['src/history/', 'src/plugins/'] },
  { name: 'pack', modules: ['src/pack/'] },
  { name: 'commands', modules: ['src/cli/', 'src/docs/'] },
];

/**
 * Files that belong to another folder's module. The evidence view (scope states, the records a check reads) is the
 * reading side of the bundle: the reader hands it out and it names records by the bundle's paths.
 */
export const JOINS: Record<string, string> = { 'src/engine/evidence.ts': 'src/bundle/' };

/**
 * Type-only imports that point up, each with its reason. They are erased at compile time (no load order, no cycle at
 * run time), but each one is a place where a lower layer names a shape a higher one owns; the list may only shrink.
 */
export const TYPE_ONLY_UP: Record<string, string> = {
  'src/bundle/reader.ts -> src/engine/results.ts': "data/results.json's shape is the engine's Results",
  'src/bundle/reader.ts -> src/populations/types.ts': "run.json's populations[] entries",
};

const ROOT = packagePath();
const SOURCES = ['src', 'collectors', 'controls'];

interface Placed {
  layer: number;
  module: string;
}

/** The layer and module of a repository-relative path, or undefined when the table does not place it. */
export function place(path: string): Placed | undefined {
  let best: { layer: number; module: string; len: number } | undefined;
  LAYERS.forEach((l, layer) => {
    for (const pattern of l.modules) {
      let module: string | undefined;
      if (pattern.endsWith('*/')) {
        const base = pattern.slice(0, -2);
        const rest = path.startsWith(base) ? path.slice(base.length) : '';
        if (rest.includes('/')) module = base + rest.slice(0, rest.indexOf('/') + 1);
      } else if (pattern.endsWith('/') ? path.startsWith(pattern) : path === pattern) module = pattern;
      if (module && (!best || pattern.length > best.len)) best = { layer, module, len: pattern.length };
    }
  });
  return best && { layer: best.layer, module: JOINS[path] ?? best.module };
}

function exempt(path: string): boolean {
  return path.endsWith('.test.ts') || path.endsWith('/testing.ts') || path.startsWith('test/') || path.endsWith('.d.ts');
}

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : sourceFiles(rel);
    return e.name.endsWith('.ts') ? [rel] : [];
  });
}

export interface Import {
  from: string;
  to: string;
  typeOnly: boolean;
}

/** Every relative import, re-export and dynamic import() of a file, with whether it is erased (type-only). */
export function importsOf(file: string, text: string): Import[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const out: Import[] = [];
  const add = (spec: string, typeOnly: boolean) => {
    if (!spec.startsWith('.')) return;
    const to = relative(ROOT, resolve(ROOT, dirname(file), spec))
      .replace(/\.js$/, '.ts')
      .split('\\')
      .join('/');
    out.push({ from: file, to, typeOnly });
  };
  const visit = (n: ts.Node): void => {
    if (ts.isImportDeclaration(n) && ts.isStringLiteral(n.moduleSpecifier)) {
      const c = n.importClause;
      const named = c?.namedBindings && ts.isNamedImports(c.namedBindings) ? c.namedBindings.elements : undefined;
      const typeOnly = !!c && (c.isTypeOnly || (!c.name && !!named && named.length > 0 && named.every((e) => e.isTypeOnly)));
      add(n.moduleSpecifier.text, typeOnly);
    } else if (ts.isExportDeclaration(n) && n.moduleSpecifier && ts.isStringLiteral(n.moduleSpecifier)) {
      add(n.moduleSpecifier.text, n.isTypeOnly);
    } else if (ts.isCallExpression(n) && n.expression.kind === ts.SyntaxKind.ImportKeyword && n.arguments[0] && ts.isStringLiteralLike(n.arguments[0])) {
      add(n.arguments[0].text, false);
    } else if (ts.isImportTypeNode(n) && ts.isLiteralTypeNode(n.argument) && ts.isStringLiteral(n.argument.literal)) {
      add(n.argument.literal.text, true);
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

/** What is wrong with one import under the table, or undefined when it points down (or stays in its module). */
export function violation(imp: Import): string | undefined {
  const a = place(imp.from);
  const b = place(imp.to);
  if (!a) return `${imp.from} is in no layer (add it to LAYERS in test/layers.test.ts)`;
  if (!b) return exempt(imp.to) ? `${imp.from} imports the test helper ${imp.to}` : `${imp.to} (imported by ${imp.from}) is in no layer`;
  if (a.module === b.module || b.layer < a.layer) return undefined;
  const what = b.layer === a.layer ? `its sibling ${b.module}` : `${b.module} (layer ${LAYERS[b.layer]!.name}, above ${LAYERS[a.layer]!.name})`;
  const key = `${imp.from} -> ${imp.to}`;
  if (imp.typeOnly && TYPE_ONLY_UP[key]) return undefined;
  return `${imp.from} imports ${what}${imp.typeOnly ? ' (type-only)' : ''}`;
}

describe('layers', () => {
  const files = SOURCES.flatMap(sourceFiles).filter((f) => !exempt(f));
  const imports = files.flatMap((f) => importsOf(f, readFileSync(join(ROOT, f), 'utf8')));

  it('every source file is in a layer, and no import points up or sideways', () => {
    expect(files.length).toBeGreaterThan(200);
    const unplaced = files.filter((f) => !place(f));
    expect(unplaced).toEqual([]);
    expect(imports.map(violation).filter(Boolean)).toEqual([]);
  });

  it('the allowed type-only exceptions are still type-only and still needed', () => {
    const seen = new Set(imports.filter((i) => i.typeOnly).map((i) => `${i.from} -> ${i.to}`));
    expect(Object.keys(TYPE_ONLY_UP).filter((k) => !seen.has(k))).toEqual([]);
  });

  it('docs/architecture.md draws these layers, top to bottom, with these modules', () => {
    const doc = readFileSync(join(ROOT, 'docs', 'architecture.md'), 'utf8');
    const block = /## Layers[\s\S]*?```mermaid\n([\s\S]*?)```/.exec(doc)?.[1] ?? '';
    const drawn = [...block.matchAll(/^\s*\w+\["([^:"]+): ([^"]+)"\]$/gm)].map((m) => `${m[1]}: ${m[2]}`);
    const table = LAYERS.map((l) => `${l.name}: ${l.modules.map((m) => m.replace(/\/$/, '')).join(', ')}`).reverse();
    expect(drawn).toEqual(table);
    // The arrows chain the nodes in the same order.
    const ids = [...block.matchAll(/^\s*(\w+)\["/gm)].map((m) => m[1]);
    const chain = [...block.matchAll(/^\s*(\w+(?:\s*-->\s*\w+)+)\s*$/gm)].map((m) => m[1]!.split(/\s*-->\s*/));
    const order = chain.reduce<string[]>((all, c) => (all.length && all.at(-1) === c[0] ? [...all, ...c.slice(1)] : [...all, ...c]), []);
    expect(order).toEqual(ids);
  });

  it('finds an upward import, a sideways one and a type-only one it has not been told about', () => {
    const up = importsOf('src/bundle/x.ts', "import { collect } from '../engine/run.js';");
    expect(violation(up[0]!)).toMatch(/src\/bundle\/x\.ts imports src\/engine\/ \(layer engine, above bundle\)/);
    const sideways = importsOf('collectors/okta/x.ts', "import { causeOf } from '../github/errors.js';");
    expect(violation(sideways[0]!)).toMatch(/its sibling collectors\/github\//);
    const typeUp = importsOf('src/util/x.ts', "import type { Results } from '../engine/results.js';");
    expect(typeUp[0]!.typeOnly).toBe(true);
    expect(violation(typeUp[0]!)).toMatch(/\(type-only\)/);
    const down = importsOf('src/cli/x.ts', "import { verifyBundle } from '../bundle/verify.js'; export * from './output.js';");
    expect(down.map(violation)).toEqual([undefined, undefined]);
    const dynamic = importsOf('src/engine/x.ts', "const m = await import('../pack/pack.js');");
    expect(violation(dynamic[0]!)).toMatch(/src\/pack\//);
  });
});
