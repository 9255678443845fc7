import { describe, expect, it } from 'vitest';
import { parseRequirements, parseSpecRequires, reqcheck } from './reqcheck.js';
import { parseTag, tagName } from './tag-names.js';

const PACKAGES = new Map([
  ['python-demo-pbr', 'demo-pbr'],
  ['python-demo-oslo-config', 'demo-oslo.config'],
  ['python-demo-oslo-utils', 'demo-oslo.utils'],
]);

describe('requirements check', () => {
  it('reads project names from requirements.txt, skipping comments, options and markers', () => {
    expect(parseRequirements('# header\ndemo-pbr>=5.0.0 # Apache-2.0\n-r other.txt\n\ndemo_oslo.config!=9.0.1;python_version>"3"\n')).toEqual([
      'demo-pbr',
      'demo_oslo.config',
    ]);
  });

  it("reads a spec's Requires, not its BuildRequires, with versions dropped", () => {
    const spec = 'Name: x\nBuildRequires:  python-demo-pbr\nRequires:       python-demo-pbr >= 5.0.0\nRequires(post): /bin/sh\nRequires: a, b >= 1\n';
    expect(parseSpecRequires(spec)).toEqual(['python-demo-pbr', '/bin/sh', 'a', 'b']);
  });

  it('reports a requirement the spec misses and a Requires upstream does not need', () => {
    const r = reqcheck(['demo-pbr', 'demo.oslo-config', 'requests'], ['python-demo-pbr', 'python-demo-oslo-utils', '/bin/sh'], PACKAGES);
    expect(r).toEqual({ missing: ['python-demo-oslo-config'], excess: ['python-demo-oslo-utils'] });
  });

  it('is clean when both sides agree', () => {
    expect(reqcheck(['demo-pbr'], ['python-demo-pbr'], PACKAGES)).toEqual({ missing: [], excess: [] });
  });
});

describe('tag names', () => {
  it('splits a tag of a known release and refuses any other', () => {
    expect(parseTag(tagName('zed', 'testing'), ['zed'])).toEqual({ release: 'zed', stage: 'testing' });
    expect(parseTag('zed-rc-release', ['zed', 'zed-rc'])).toEqual({ release: 'zed-rc', stage: 'release' });
    expect(parseTag('yoga-testing', ['zed'])).toBeNull();
    expect(parseTag('zed-stable', ['zed'])).toBeNull();
  });
});
