import stringWidth from 'string-width';

/** A column that may give up width to fit the terminal: down to `min` columns (its cells are clipped). A column may
 * appear more than once, with a lower minimum later in the list. */
export interface Flex {
  col: number;
  min: number;
}

/** Renders rows as aligned columns (ANSI colour aware); the last column is not padded. */
export function table(header: string[], rows: string[][], indent = ''): string {
  return fitTable(header, rows, { indent });
}

/**
 * Like `table`, fitted into `width` columns: the flexible columns give up width in the order listed, each down to its
 * minimum, until the rows fit; cells of a narrowed column are clipped with an ellipsis. Without `width` (or when
 * even the minimums do not fit) it does what it can and leaves the rest to the terminal.
 */
export function fitTable(header: string[], rows: string[][], opts: { width?: number; flex?: Flex[]; indent?: string } = {}): string {
  const indent = opts.indent ?? '';
  const widths = header.map((h, i) => Math.max(stringWidth(h), ...rows.map((r) => stringWidth(r[i] ?? ''))));
  if (opts.width) {
    const total = () => stringWidth(indent) + widths.reduce((a, b) => a + b, 0) + 2 * (widths.length - 1);
    // In the order given: each entry narrows its column to its minimum (not below the header) before the next.
    for (const f of opts.flex ?? []) {
      const floor = Math.max(f.min, stringWidth(header[f.col]!));
      while (total() > opts.width && widths[f.col]! > floor) widths[f.col]!--;
    }
  }
  const line = (cells: string[]) =>
    indent +
    cells
      .map((cell, i) => {
        const fitted = stringWidth(cell) > widths[i]! ? clip(stripAnsi(cell), widths[i]!) : cell;
        return i === cells.length - 1 ? fitted : fitted + ' '.repeat(Math.max(0, widths[i]! - stringWidth(fitted)));
      })
      .join('  ');
  return [line(header), ...rows.map(line)].join('\n');
}

/** Shortens text to `max` columns with an ellipsis. */
export function clip(text: string, max: number): string {
  if (stringWidth(text) <= max) return text;
  let out = '';
  for (const ch of text) {
    if (stringWidth(out + ch) > max - 1) break;
    out += ch;
  }
  return `${out}…`;
}

/** Text without ANSI colour codes. */
export function stripAnsi(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/\u001b\[[0-9;]*m/g, '');
}

/**
 * Width to fit output for people into: the terminal's columns on a TTY, else `COLUMNS` when set, else `fallback`
 * (80 for what goes to CI logs; reports written to files may take more).
 */
export function terminalWidth(stream: { isTTY?: boolean; columns?: number } = process.stderr, fallback = 80): number {
  if (stream.isTTY && stream.columns) return Math.max(40, stream.columns);
  const env = Number(process.env.COLUMNS);
  return Number.isInteger(env) && env >= 40 ? env : fallback;
}

/** Wraps plain text at word boundaries into lines of at most `width` columns, continuation lines indented. */
export function wrap(text: string, width: number, indent = ''): string[] {
  const lines: string[] = [];
  const lead = /^ */.exec(text)![0];
  let cur = lead;
  for (const word of text.slice(lead.length).split(/ +/)) {
    const next = cur.trim() ? `${cur} ${word}` : `${cur}${word}`;
    if (cur.trim() && stringWidth(stripAnsi(next)) > width) {
      lines.push(cur);
      cur = `${indent}${word}`;
    } else cur = next;
  }
  if (cur.trim()) lines.push(cur);
  return lines;
}
