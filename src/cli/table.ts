import stringWidth from 'string-width';

/** Renders rows as aligned columns (ANSI colour aware); the last column is not padded. */
export function table(header: string[], rows: string[][], indent = ''): string {
  const widths = header.map((h, i) => Math.max(stringWidth(h), ...rows.map((r) => stringWidth(r[i] ?? ''))));
  const line = (cells: string[]) =>
    indent + cells.map((cell, i) => (i === cells.length - 1 ? cell : cell + ' '.repeat(widths[i]! - stringWidth(cell)))).join('  ');
  return [line(header), ...rows.map(line)].join('\n');
}

/** Shortens text to `max` columns with an ellipsis. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
