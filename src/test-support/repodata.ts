import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

/** Reads a published repo's repodata back: the NEVRA-ish names createrepo_c indexed. */
export function repoPackages(repoDir: string): string[] {
  const repomd = readFileSync(join(repoDir, 'repodata', 'repomd.xml'), 'utf8');
  const href = /<data type="primary">[\s\S]*?<location href="([^"]+)"/.exec(repomd)?.[1];
  if (!href) throw new Error(`no primary in ${repoDir}/repodata/repomd.xml`);
  const primary = gunzipSync(readFileSync(join(repoDir, href))).toString('utf8');
  return [...primary.matchAll(/<package type="rpm">[\s\S]*?<name>([^<]+)<\/name>\s*<arch>([^<]+)<\/arch>\s*<version epoch="\d+" ver="([^"]+)" rel="([^"]+)"/g)]
    .map((m) => `${m[1]}-${m[3]}-${m[4]}.${m[2]}`)
    .sort();
}

export function rpmFiles(repoDir: string): string[] {
  return existsSync(repoDir)
    ? readdirSync(repoDir)
        .filter((f) => f.endsWith('.rpm'))
        .sort()
    : [];
}
