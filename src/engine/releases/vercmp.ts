/** rpm's version comparison (rpmvercmp): alternating numeric and alphabetic segments, `~` sorts before all. */
export function rpmvercmp(a: string, b: string): number {
  if (a === b) return 0;
  let i = 0;
  let j = 0;
  for (;;) {
    while (i < a.length && !/[A-Za-z0-9~^]/.test(a[i]!)) i++;
    while (j < b.length && !/[A-Za-z0-9~^]/.test(b[j]!)) j++;
    if (a[i] === '~' || b[j] === '~') {
      if (a[i] !== '~') return 1;
      if (b[j] !== '~') return -1;
      i++;
      j++;
      continue;
    }
    if (i >= a.length || j >= b.length) break;
    const numeric = /[0-9]/.test(a[i]!);
    const seg = numeric ? /^[0-9]+/ : /^[A-Za-z]+/;
    const sa = seg.exec(a.slice(i))?.[0] ?? '';
    const sb = seg.exec(b.slice(j))?.[0] ?? '';
    if (sb === '') return numeric ? 1 : -1;
    i += sa.length;
    j += sb.length;
    if (numeric) {
      const na = sa.replace(/^0+/, '');
      const nb = sb.replace(/^0+/, '');
      if (na.length !== nb.length) return na.length > nb.length ? 1 : -1;
      if (na !== nb) return na > nb ? 1 : -1;
    } else if (sa !== sb) return sa > sb ? 1 : -1;
  }
  if (i >= a.length && j >= b.length) return 0;
  return i >= a.length ? -1 : 1;
}

/** Version then build number: which of two release builds of a package is newer. */
export function compareBuilds(a: { version: string; build_n: number }, b: { version: string; build_n: number }): number {
  return rpmvercmp(a.version, b.version) || a.build_n - b.build_n;
}

/** The newest build of each package (by version, then build number), sorted by package. */
export function newestPerPackage<T extends { package: string; version: string; build_n: number }>(builds: readonly T[]): T[] {
  const best = new Map<string, T>();
  for (const b of builds) {
    const cur = best.get(b.package);
    if (!cur || compareBuilds(b, cur) > 0) best.set(b.package, b);
  }
  return [...best.values()].sort((x, y) => x.package.localeCompare(y.package));
}

/** An upstream pre-release tag (`9.2.0.0rc1`, `1.0.0b3`, `2.0.0a1`): not yet the GA build of a package. */
export const isPreRelease = (tag: string): boolean => /\d(a|b|rc)\d*$/i.test(tag);
