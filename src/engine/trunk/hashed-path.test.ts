import { describe, expect, it } from 'vitest';
import { componentRepoPath, hashedRepoPath } from './hashed-path.js';

describe('hashed repo paths', () => {
  const commit = '3a9326f251b9a4162eb0dfa9f1c924ef47c2c55a';
  const distro = '024e24f0cf4366c2290c22f24e42de714d1addd1';

  it('puts a component repo under component/<name>/ with the same sharding (DLRN test_getshardedcommitdir_component)', () => {
    expect(componentRepoPath('foo', commit, distro)).toBe(`component/foo/3a/93/${commit}_024e24f0`);
    expect(componentRepoPath('foo', commit, distro, 'abcdef0123456789')).toBe(`component/foo/3a/93/${commit}_024e24f0_abcdef01`);
    expect(hashedRepoPath(commit, distro)).toBe(`3a/93/${commit}_024e24f0`);
  });

  it('refuses a component name that is not one path segment', () => {
    for (const bad of ['', '../x', 'a/b', '-x', '..']) expect(() => componentRepoPath(bad, commit, distro)).toThrow(/not a component name/);
  });
});
