import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AREAS } from './engine/areas.js';

const SRC = resolve(import.meta.dirname);

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

const isTest = (file: string) => /\.test\.tsx?$/.test(file) || file.includes('/test-support/');
const rel = (file: string) => relative(SRC, file);

/** The src-relative files a file imports (relative specifiers only), with `.js` read as the `.ts`/`.tsx` source. */
function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s+['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g)].map(
    (m) => m[1] ?? m[2]!,
  );
  return specs.map((s) => rel(resolve(dirname(file), s)).replace(/\.js$/, ''));
}

const files = sources(SRC).filter((f) => !isTest(f));

describe('architecture rules (DESIGN.md)', () => {
  it('the console (src/ui, src/store/console) imports the engine only through src/engine/client/index.ts', () => {
    const bad = files
      .filter((f) => rel(f).startsWith('ui/') || rel(f).startsWith('store/console/'))
      .flatMap((f) => imports(f).map((i) => [rel(f), i] as const))
      .filter(([, i]) => (i.startsWith('engine/') && i !== 'engine/client/index') || i.startsWith('store/db/') || i.startsWith('cli/'));
    expect(bad).toEqual([]);
  });

  it('no engine or database code imports the console or the CLI', () => {
    const bad = files
      .filter((f) => rel(f).startsWith('engine/') || rel(f).startsWith('store/db/'))
      .flatMap((f) => imports(f).map((i) => [rel(f), i] as const))
      .filter(([, i]) => i.startsWith('ui/') || i.startsWith('store/console/') || i.startsWith('cli/'));
    expect(bad).toEqual([]);
  });

  it('SQL lives only in src/store/db', () => {
    const sql = /\.prepare\(|\.exec\(\s*[`'"]|\b(SELECT|INSERT INTO|UPDATE|DELETE FROM|CREATE TABLE)\s+[\w*]/;
    const bad = files.filter((f) => !rel(f).startsWith('store/db/') && sql.test(readFileSync(f, 'utf8'))).map(rel);
    expect(bad).toEqual([]);
  });

  it('the engine names no area: it merges what areas.ts lists', () => {
    const engine = readFileSync(join(SRC, 'engine', 'engine.ts'), 'utf8');
    for (const area of AREAS) expect(engine, area.name).not.toMatch(new RegExp(`['"/]${area.name}['"/.]|\\b${area.name}Area\\b`));
  });

  it('every area declares the events it appends, and every command and query name is unique and in its area', () => {
    const names = AREAS.flatMap((a) => [...a.commands, ...a.queries].map((c) => c.name));
    expect(new Set(names).size).toBe(names.length);
    for (const a of AREAS) {
      const code = sources(join(SRC, 'engine', a.name))
        .filter((f) => !isTest(f))
        .map((f) => readFileSync(f, 'utf8'))
        .join('\n');
      const appended = [...code.matchAll(/events\.append\(\s*'([\w.]+)'/g)].map((m) => m[1]!);
      for (const type of appended) expect(a.events as readonly string[], `${a.name} appends ${type}`).toContain(type);
    }
  });
});
