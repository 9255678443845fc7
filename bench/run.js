#!/usr/bin/env node
// Runs every benchmark in turn and prints its figures. `npm run bench [-- NAME...]` runs only those named.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const all = ['trunk', 'console', 'api'];
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
