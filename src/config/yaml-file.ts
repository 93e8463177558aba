import { readFileSync } from 'node:fs';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { Problem } from './problems.js';

/** A parsed YAML file that can say where any JSON pointer sits in the source. */
export class YamlFile {
  private constructor(
    readonly path: string,
    private readonly doc: Document,
    private readonly lines: LineCounter,
    readonly value: unknown,
  ) {}

  /** Parses `path`; syntax errors come back as problems (with line and column), not exceptions. */
  static load(path: string, displayPath = path): { file?: YamlFile; problems: Problem[] } {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      return { problems: [{ file: displayPath, line: 1, col: 1, pointer: '', message: code === 'ENOENT' ? 'file not found' : `cannot read: ${(err as Error).message}` }] };
    }
    return YamlFile.parse(text, displayPath);
  }

  static parse(text: string, displayPath: string): { file?: YamlFile; problems: Problem[] } {
    const lines = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
    if (doc.errors.length) {
      return {
        problems: doc.errors.map((e) => {
          const pos = lines.linePos(e.pos[0]);
          return { file: displayPath, line: pos.line, col: pos.col, pointer: '', message: `YAML syntax: ${e.message.split('\n')[0]}` };
        }),
      };
    }
    return { file: new YamlFile(displayPath, doc, lines, doc.toJS({ maxAliasCount: 100 })), problems: [] };
  }

  /** The node at a JSON pointer (the key node when `key`), or the nearest existing ancestor. */
  private nodeAt(pointer: string, key: boolean): Node | undefined {
    const parts = pointer === '' ? [] : pointer.slice(1).split('/').map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
    let node: unknown = this.doc.contents;
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]!;
      if (isMap(node)) {
        const pair = node.items.find((it) => isPair(it) && isScalar(it.key) && String(it.key.value) === part);
        if (!pair) return node as Node;
        node = key && i === parts.length - 1 ? pair.key : pair.value;
      } else if (isSeq(node)) {
        const next = node.items[Number(part)];
        if (next === undefined) return node as Node;
        node = next;
      } else return node as Node;
    }
    return node as Node;
  }

  locate(pointer: string, key = false): { line: number; col: number } {
    const node = this.nodeAt(pointer, key);
    const offset = node?.range?.[0] ?? 0;
    const pos = this.lines.linePos(offset);
    return { line: pos.line, col: pos.col };
  }

  valueAt(pointer: string): unknown {
    const parts = pointer === '' ? [] : pointer.slice(1).split('/');
    let v: unknown = this.value;
    for (const p of parts) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[p] : undefined;
    return v;
  }

  problem(pointer: string, message: string, hint?: string, key = false): Problem {
    const pos = this.locate(pointer, key);
    return { file: this.path, line: pos.line, col: pos.col, pointer, message, hint };
  }
}
