/** Version from the newest upstream tag (`v1.2.0` → `1.2.0`); `0.0.1` when there is none. */
export function versionFromTag(tag: string | null): string {
  if (!tag) return '0.0.1';
  const v = tag.replace(/^v(?=\d)/, '').replace(/[^A-Za-z0-9._+~^]/g, '.');
  return v || '0.0.1';
}

export type ReleaseNumbering = '0.date.hash' | '0.1.date.hash';

/** Release `0.<YYYYmmddHHMMSS>.<shortsha>` (UTC), as DLRN numbers trunk builds. */
export function trunkRelease(numbering: ReleaseNumbering, when: Date, commitHash: string): string {
  const p = (n: number) => String(n).padStart(2, '0');
  const stamp = `${when.getUTCFullYear()}${p(when.getUTCMonth() + 1)}${p(when.getUTCDate())}${p(when.getUTCHours())}${p(when.getUTCMinutes())}${p(when.getUTCSeconds())}`;
  const prefix = numbering === '0.1.date.hash' ? '0.1' : '0';
  return `${prefix}.${stamp}.${commitHash.slice(0, 7)}`;
}

/** Rewrites a spec's Version, Release and Source0 for a trunk build. */
export function rewriteSpec(spec: string, version: string, release: string): string {
  let sawVersion = false;
  let sawRelease = false;
  let sawSource = false;
  const lines = spec.split('\n').map((line) => {
    if (/^Version:/i.test(line)) return ((sawVersion = true), `Version:        ${version}`);
    if (/^Release:/i.test(line)) return ((sawRelease = true), `Release:        ${release}%{?dist}`);
    if (/^Source0?:/i.test(line) && !sawSource) return ((sawSource = true), 'Source0:        %{name}-%{version}.tar.gz');
    return line;
  });
  if (!sawVersion || !sawRelease) throw new Error(`spec has no ${sawVersion ? 'Release' : 'Version'}: line`);
  if (!sawSource) {
    const at = lines.findIndex((l) => /^Release:/i.test(l));
    lines.splice(at + 1, 0, 'Source0:        %{name}-%{version}.tar.gz');
  }
  return lines.join('\n');
}
