import { describe, expect, it } from 'vitest';
import { PACKAGE_NAME } from './config/schema.js';
import { insideOrThrow, isInside } from './inside-dir.js';

describe('isInside: a path built from config never climbs out of its parent', () => {
  it('accepts children at any depth', () => {
    expect(isInside('/data/sources', '/data/sources/pkg')).toBe(true);
    expect(isInside('/data/sources', '/data/sources/pkg/upstream.git')).toBe(true);
    expect(insideOrThrow('/data/sources', '/data/sources/a/../b')).toBe('/data/sources/b');
  });

  it('refuses the parent itself, its siblings and anything reached through ..', () => {
    for (const p of [
      '/data/sources',
      '/data/sources/.',
      '/data/sources/..',
      '/data/sources/../repos',
      '/data/sourcesX',
      '/etc/passwd',
      '/data/sources/a/../../x',
    ])
      expect(isInside('/data/sources', p), p).toBe(false);
    expect(() => insideOrThrow('/data/sources', '/data/sources/..')).toThrow('refusing path /data: it is not inside /data/sources');
  });

  it('package names start with an alphanumeric, so they are safe as one path segment', () => {
    for (const ok of ['python-a', 'openstack-nova', 'a', '0ad', 'python3.11-x_y+z']) expect(PACKAGE_NAME.test(ok), ok).toBe(true);
    for (const bad of ['.', '..', '--help', '-x', '.hidden', 'a/b', '', 'a b', '_x']) expect(PACKAGE_NAME.test(bad), bad).toBe(false);
  });
});
