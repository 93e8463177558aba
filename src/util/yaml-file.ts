import { isAlias, isCollection, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Alias, type Document, type Node } from 'yaml';
import { readInputFile } from './input-file.js';
import type { Problem } from './problems.js';

/** Deepest nesting of mappings and sequences accepted (configs and control maps need fewer than ten). */
const MAX_DEPTH = 64;
/** Alias expansions accepted in one document; `yaml` refuses more (its defence against "billion laughs"). */
const MAX_ALIASES = 100;
/** Syntax problems shown for one file: the first few say what is wrong. */
const MAX_SYNTAX = 10;

/**
 * Where flow collections (`[`, `{`) first nest deeper than MAX_DEPTH, skipping quoted strings and comments; undefined
 * when they do not. A bracket inside a plain scalar counts too: only a document with more than MAX_DEPTH unclosed
 * ones is refused, which no configuration has.
 */
function flowDepthExceeded(text: string): number | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '[' || c === '{') {
      if (++depth > MAX_DEPTH) return i;
    } else if (c === ']' || c === '}') depth = Math.max(0, depth - 1);
    else if ((c === '"' || c === "'") && i > 0 && !/[\s[{,:]/.test(text[i - 1]!))
      continue; // inside a plain scalar (don't)
    else if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
    } else if (c === "'") {
      for (i++; i < text.length && text[i] !== "'"; i++);
    } else if (c === '#' && (i === 0 || /\s/.test(text[i - 1]!))) {
      while (i < text.length && text[i] !== '\n') i++;
    }
  }
  return undefined;
}

/** An unquoted `${VAR}` on the line of a syntax error: inside `{ }` or `[ ]`, `{` starts a flow map. */
function unquotedRef(text: string, lines: LineCounter, offset: number): string | undefined {
  const { line } = lines.linePos(offset);
  const src = text.split('\n')[line - 1] ?? '';
  const m = /(^|[\s,:{[])(\$\{[A-Za-z_][A-Za-z0-9_]*\})/.exec(src);
  if (!m || !/[{[]/.test(src)) return undefined;
  return `quote the reference: "${m[2]}"; unquoted inside { } or [ ], YAML reads its { as the start of a mapping`;
}

/** The first node breaking a limit (depth, an alias with no anchor before it), with where it is. */
function checkLimits(doc: Document): { offset?: number; message: string; hint?: string } | undefined {
  const stack: Array<[unknown, number]> = [[doc.contents, 1]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (isAlias(node)) {
      if (node.resolve(doc) === undefined)
        return { offset: node.range?.[0], message: `YAML: alias *${node.source} refers to no anchor &${node.source} set before it` };
      continue;
    }
    if (!isCollection(node)) continue;
    if (depth > MAX_DEPTH) return { offset: node.range?.[0], message: `YAML nesting too deep (more than ${MAX_DEPTH} levels)` };
    for (const it of node.items) {
      if (isPair(it)) {
        stack.push([it.key, depth + 1], [it.value, depth + 1]);
      } else stack.push([it, depth + 1]);
    }
  }
  return undefined;
}

function firstAlias(doc: Document): Alias | undefined {
  const stack: unknown[] = [doc.contents];
  let first: Alias | undefined;
  while (stack.length) {
    const node = stack.pop();
    if (isAlias(node)) {
      if (!first || (node.range?.[0] ?? 0) < (first.range?.[0] ?? 0)) first = node;
    } else if (isCollection(node)) {
      for (const it of node.items) stack.push(...(isPair(it) ? [it.key, it.value] : [it]));
    }
  }
  return first;
}

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
    const read = readInputFile(path);
    if ('error' in read) return { problems: [{ file: displayPath, line: 1, col: 1, pointer: '', message: read.error }] };
    return YamlFile.parse(read.bytes.toString('utf8'), displayPath);
  }

  /**
   * Parses YAML text. Everything wrong with it is a problem at a line and column, never an exception: syntax
   * errors (an unquoted `${VAR}` in a flow map gets a hint), nesting deeper than MAX_DEPTH, an alias to an
   * anchor that is not set, and more than MAX_ALIASES alias expansions (a "billion laughs" bomb).
   */
  static parse(text: string, displayPath: string): { file?: YamlFile; problems: Problem[] } {
    const lines = new LineCounter();
    const at = (offset: number | undefined, message: string, hint?: string): Problem => {
      const pos = lines.linePos(offset ?? 0);
      return { file: displayPath, line: pos.line, col: pos.col, pointer: '', message, ...(hint ? { hint } : {}) };
    };
    // Why before parsing: tens of thousands of nested brackets can exhaust the parser's stack inside V8's regular
    // expression compiler, which aborts the process instead of throwing.
    const deepAt = flowDepthExceeded(text);
    if (deepAt !== undefined) {
      lines.addNewLine(0);
      for (let i = text.indexOf('\n'); i >= 0 && i < deepAt; i = text.indexOf('\n', i + 1)) lines.addNewLine(i + 1);
      return { problems: [at(deepAt, `YAML nesting too deep (more than ${MAX_DEPTH} levels)`)] };
    }
    const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
    if (doc.errors.length) {
      // Why one per kind for resource exhaustion: a deep document fails at every level below the limit.
      const exhausted = doc.errors.find((e) => e.code === 'RESOURCE_EXHAUSTION');
      if (exhausted) return { problems: [at(exhausted.pos[0], `YAML nesting too deep (more than ${MAX_DEPTH} levels)`)] };
      const problems = doc.errors.slice(0, MAX_SYNTAX).map((e) => {
        const hint = unquotedRef(text, lines, e.pos[0]);
        return at(e.pos[0], `YAML syntax: ${e.message.split('\n')[0]}`, hint);
      });
      return { problems };
    }
    const limits = checkLimits(doc);
    if (limits) return { problems: [at(limits.offset, limits.message, limits.hint)] };
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIASES });
    } catch (err) {
      // Only ReferenceErrors are expected (unresolved alias, alias bomb); checkLimits names their place first.
      const first = firstAlias(doc);
      const msg = (err as Error).message;
      const bomb = /alias count/i.test(msg);
      return {
        problems: [
          at(
            first?.range?.[0],
            bomb ? `YAML: aliases expand to more than ${MAX_ALIASES} nodes (an alias bomb?)` : `YAML: ${msg}`,
            bomb ? 'write the values out, or use fewer aliases' : undefined,
          ),
        ],
      };
    }
    return { file: new YamlFile(displayPath, doc, lines, value), problems: [] };
  }

  /** The node at a JSON pointer (the key node when `key`), or the nearest existing ancestor. */
  private nodeAt(pointer: string, key: boolean): Node | undefined {
    const parts =
      pointer === ''
        ? []
        : pointer
            .slice(1)
            .split('/')
            .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
    let node: unknown = this.doc.contents;
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]!;
      if (isMap(node)) {
        const pair = node.items.find((it) => isPair(it) && isScalar(it.key) && String(it.key.value) === part);
        if (!pair) return node;
        node = key && i === parts.length - 1 ? pair.key : pair.value;
      } else if (isSeq(node)) {
        const next = node.items[Number(part)];
        if (next === undefined) return node;
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
