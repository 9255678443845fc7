import { describe, expect, it } from 'vitest';
import { DEMO_CATALOG } from './catalog.js';
import { renderSpec } from './spec.js';

const nova = DEMO_CATALOG.find((p) => p.name === 'openstack-demo-nova')!;

describe('renderSpec', () => {
  it('has the lines the trunk rewrites and the demo conventions', () => {
    const spec = renderSpec(nova);
    expect(spec).toMatch(/^Name: +openstack-demo-nova$/m);
    expect(spec).toMatch(/^Version: +0\.0\.0$/m);
    expect(spec).toMatch(/^Release: +0$/m);
    expect(spec).toMatch(/^Source0: +%\{name\}-%\{version\}\.tar\.gz$/m);
    expect(spec).toMatch(/^BuildArch: +noarch$/m);
    expect(spec).toMatch(/^AutoReqProv: +no$/m);
    expect(spec).toContain('sh -n bin/demo-nova-manage');
    expect(spec).toContain('if [ -x ci/prebuild ]; then ./ci/prebuild; fi');
    expect(spec).toMatch(/^%changelog\n\* Mon Jan 06 2025 /m);
    expect(spec).not.toMatch(/^%(pre|post|preun|postun|pretrans|posttrans)\b/m);
  });

  it('requires only demo packages, dropping those not available', () => {
    const spec = renderSpec(nova, { available: new Set(['python-demo-novaclient', 'python-demo-oslo-config']) });
    expect(spec.match(/^Requires:.*$/gm)).toEqual(['Requires:       python-demo-novaclient', 'Requires:       python-demo-oslo-config >= 9.0.0']);
    expect(spec).toMatch(/^BuildRequires: +python-demo-oslo-config$/m);
    expect(spec).not.toContain('python-demo-pbr');
  });
});
