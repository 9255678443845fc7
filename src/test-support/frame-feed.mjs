// Feeds random frames through the console's DiffedStdout to the terminal it runs in (a tmux pane), for
// src/ui/diffed-stdout.e2e.test.ts. Usage: frame-feed.mjs SEED COUNT OUT_PREFIX. Each phase draws COUNT frames
// at the terminal's current size, in bursts, then writes the last frame's text to OUT_PREFIX<phase>.txt;
// SIGUSR1 starts the next phase (after the test resized the pane).
import { renameSync, writeFileSync } from 'node:fs';
import { DiffedStdout } from '../../dist/src/ui/diffed-stdout.js';

const [seed, count, out] = [Number(process.argv[2]), Number(process.argv[3]), process.argv[4]];
let state = seed >>> 0;
const random = () => {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = (xs) => xs[Math.floor(random() * xs.length)];
const WORDS = [
  ['SUCCESS', 7],
  ['FAILED', 6],
  ['python-nova', 11],
  ['日本', 4],
  ['●', 1],
  ['│', 1],
  ['✓', 1],
  ['12s ago', 7],
  ['', 0],
];
const STYLES = ['', '\x1b[1m', '\x1b[7m', '\x1b[31m', '\x1b[32;1m', '\x1b[2m', '\x1b[38;5;208m', '\x1b[44m'];

/** A random line no wider than cols, and its text without styles. */
function line(cols) {
  let text = '';
  let styled = '';
  let width = 0;
  const words = Math.floor(random() * 12);
  for (let i = 0; i < words; i++) {
    const [word, w] = pick(WORDS);
    if (width + w + 1 > cols) break;
    const style = pick(STYLES);
    text += `${word} `;
    styled += `${style}${word}${style ? '\x1b[0m' : ''} `;
    width += w + 1;
  }
  return { text, styled };
}

const screen = new DiffedStdout(process.stdout);
process.stdout.write('\x1b[?1049h\x1b[?25l');
let phase = 0;
let lines = [];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function run() {
  phase++;
  const cols = process.stdout.columns;
  const rows = process.stdout.rows;
  lines = Array.from({ length: rows }, () => line(cols));
  for (let f = 0; f < count; f++) {
    const changes = random() < 0.05 ? rows : 1 + Math.floor(random() * 4);
    for (let i = 0; i < changes; i++) lines[Math.floor(random() * rows)] = line(cols);
    screen.write(lines.map((l) => l.styled).join('\n'));
    // Bursts: several frames in one tick, of which only the last is drawn.
    if (random() < 0.7) await sleep(1);
  }
  await sleep(50);
  // Written whole, then renamed: the test reads it as soon as the name exists.
  writeFileSync(`${out}${phase}.tmp`, lines.map((l) => l.text.trimEnd()).join('\n') + '\n');
  renameSync(`${out}${phase}.tmp`, `${out}${phase}.txt`);
}

process.on('SIGUSR1', () => void run());
await run();
setInterval(() => undefined, 1 << 30);
