#!/usr/bin/env node
import { statSync } from 'node:fs';

// `npm run build` compiles (dist/src) and then bundles (dist/bundle: one file per entry, loaded in a few reads
// instead of hundreds, React in its production build). The bundle is used only while it is at least as new
// as the compiled files, so after a bare `tsc` (as the tests run it) the binary runs what was just compiled.
const bundle = new URL('../dist/bundle/main.js', import.meta.url);
const compiled = new URL('../dist/src/cli/main.js', import.meta.url);
const mtime = (url) => statSync(url, { throwIfNoEntry: false })?.mtimeMs ?? -1;
const { main } = await import(mtime(bundle) >= mtime(compiled) ? bundle.href : compiled.href);

process.exitCode = await main(process.argv.slice(2));
