import { describe, expect, it } from 'vitest';
import { nextVersion } from '../demo/ga.js';
import { parseRepoclosure } from './compose.js';
import { repoFile } from './publish.js';
import { releaseVersion } from './upstream.js';
import { isPreRelease, newestPerPackage, rpmvercmp } from './vercmp.js';

describe('release versions', () => {
  it('compares as rpm does: numbers by value, ~ before everything', () => {
    expect(rpmvercmp('1.10.0', '1.9.0')).toBe(1);
    expect(rpmvercmp('9.2.0~rc1', '9.2.0')).toBe(-1);
    expect(rpmvercmp('9.2.0', '9.2.0')).toBe(0);
    expect(rpmvercmp('1.0a', '1.0')).toBe(1);
    expect(rpmvercmp('2.01', '2.1')).toBe(0);
  });

  it('turns upstream pre-release tags into rpm versions that sort before the final', () => {
    expect(releaseVersion('9.2.0.0rc1')).toBe('9.2.0~rc1');
    expect(releaseVersion('1.0.0b3')).toBe('1.0.0~b3');
    expect(releaseVersion('v2.1.0')).toBe('2.1.0');
    expect(isPreRelease('9.2.0.0rc1')).toBe(true);
    expect(isPreRelease('9.2.0')).toBe(false);
  });

  it('keeps the newest build of each package by version, then build number', () => {
    const b = (pkg: string, version: string, n: number) => ({ package: pkg, version, build_n: n });
    expect(newestPerPackage([b('a', '1.0', 1), b('a', '1.0', 2), b('b', '2.0~rc1', 1), b('b', '2.0', 1), b('a', '0.9', 5)])).toEqual([
      b('a', '1.0', 2),
      b('b', '2.0', 1),
    ]);
  });

  it('gives the demo GA the next minor version', () => {
    expect(nextVersion('9.1.0')).toBe('9.2.0');
    expect(nextVersion('v5.11')).toBe('5.12.0');
    expect(nextVersion(null)).toBe('0.1.0');
  });
});

describe('repoclosure output and the .repo file', () => {
  it('reads every unresolved dependency with its package', () => {
    const out =
      'package: pkg-x-1.0.0-1.el9.noarch from id\n  unresolved deps:\n    not-packaged\n    other >= 2\npackage: y-1-1.noarch from id\n  unresolved deps:\n    z\n';
    expect(parseRepoclosure(out)).toEqual(['pkg-x-1.0.0-1.el9.noarch: not-packaged', 'pkg-x-1.0.0-1.el9.noarch: other >= 2', 'y-1-1.noarch: z']);
    expect(parseRepoclosure('')).toEqual([]);
  });

  it('points the .repo file at the published release with its key', () => {
    expect(repoFile('zed', 'http://h/repos/')).toBe(
      '[rdo-zed-release]\nname=RDO zed release\nbaseurl=http://h/repos/releases/zed/\nenabled=1\ngpgcheck=1\ngpgkey=http://h/repos/releases/zed/RPM-GPG-KEY-rdo-zed\n',
    );
  });
});
