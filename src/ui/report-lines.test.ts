import { describe, expect, it } from 'vitest';
import { reportLines } from './report-lines.js';

describe('a Markdown report on the terminal', () => {
  const md = [
    '# GA day: zed (run 1)',
    '',
    '| # | step | result |',
    '|---|---|---|',
    '| 1 | announce | done: a \\| b |',
    '',
    '- python-demo-tempest-36.1.0-1.el9: its upstream tag came late; built and tagged into zed-candidate by the late-builds loop',
  ].join('\n');

  it('wraps list items under their text and turns table rows into cells joined by ·, nothing cut', () => {
    const lines = reportLines(md, 40);
    expect(lines).toEqual([
      '# GA day: zed (run 1)',
      '',
      '  # · step · result',
      '  1 · announce · done: a | b',
      '',
      '- python-demo-tempest-36.1.0-1.el9: its',
      '  upstream tag came late; built and',
      '  tagged into zed-candidate by the',
      '  late-builds loop',
    ]);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(40);
    expect(lines.join(' ').replace(/\s+/g, ' ')).toContain('by the late-builds loop');
  });
});
