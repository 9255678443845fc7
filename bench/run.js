#!/usr/bin/env node
// Runs every benchmark in turn and prints its figures. `npm run bench [-- NAME...]` runs only those named.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
// Every bench/<name>.js is a benchmark, except this runner and the generators (gen-*.js) the benchmarks share.
const all = readdirSync(here)
  .filter((f) => f.endsWith('.js') && f !== 'run.js' && !f.startsWith('gen-'))
  .map((f) => f.slice(0, -3))
  .sort();
const chosen = process.argv.slice(2).length ? process.argv.slice(2) : all;
for (const name of chosen) {
  const script = join(here, `${name}.js`);
  if (!existsSync(script)) {
    console.error(`bench: no benchmark named ${name} (have: ${all.join(', ')})`);
    process.exit(2);
  }
  console.log(`\n== ${name} ==`);
  execFileSync(process.execPath, ['--expose-gc', script], { stdio: 'inherit' });
}
