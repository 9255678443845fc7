import { wrapText } from './format.js';

/**
 * A Markdown report as terminal lines at `width`: prose and list items wrapped (a list item's continuation indented
 * under its text), a table's rows as their cells joined by ` · ` (its `|---|` line dropped), wrapped the same way.
 */
export function reportLines(markdown: string, width: number): string[] {
  const out: string[] = [];
  for (const raw of markdown.split('\n')) {
    if (/^\|(\s*:?-+:?\s*\|)+\s*$/.test(raw)) continue;
    const line = raw.startsWith('|') ? `  ${cells(raw).join(' · ')}` : raw;
    const indent = /^(\s*(?:[-*] |\d+\. )?)/.exec(line)![1]!.replace(/\S/g, ' ');
    if (line.length <= width || indent.length >= width / 2) {
      out.push(...(line.length <= width ? [line] : wrapText(line, width)));
      continue;
    }
    const [first = '', ...rest] = wrapText(line.slice(indent.length), width - indent.length);
    out.push(line.slice(0, indent.length) + first, ...rest.map((l) => indent + l));
  }
  return out;
}

/** The cells of a Markdown table row, `\|` kept as a pipe. */
function cells(row: string): string[] {
  return row
    .replace(/^\|/, '')
    .replace(/\|\s*$/, '')
    .split(/(?<!\\)\|/)
    .map((c) => c.trim().replaceAll('\\|', '|'));
}
