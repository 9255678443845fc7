/** A dependency on another demo package, optionally versioned (`>=`). */
export interface DemoRequire {
  name: string;
  minVersion?: string;
}

/** One demo package: what `demo init` creates and what its spec declares. */
export interface DemoPackage {
  name: string;
  project: string;
  component: string;
  summary: string;
  /** The shell script shipped as `bin/<command>` upstream and installed in `%{_bindir}`. */
  command: string;
  /** Initial upstream version tags, oldest first. */
  tags: string[];
  /** Number of initial upstream commits (2–4). */
  commits: number;
  requires: DemoRequire[];
  buildRequires: string[];
}

const PBR = 'python-demo-pbr';
const OSLO_CONFIG = 'python-demo-oslo-config';
const OSLO_UTILS = 'python-demo-oslo-utils';
const KEYSTONEAUTH = 'python-demo-keystoneauth1';
const KEYSTONECLIENT = 'python-demo-keystoneclient';
const GLANCECLIENT = 'python-demo-glanceclient';
const NOVACLIENT = 'python-demo-novaclient';

/** The demo set, in dependency order (every package depends only on packages listed before it). */
export const DEMO_CATALOG: readonly DemoPackage[] = [
  {
    name: PBR,
    project: 'demo-pbr',
    component: 'common',
    summary: 'Demo build helper library',
    command: 'demo-pbr',
    tags: ['5.11.0'],
    commits: 2,
    requires: [],
    buildRequires: [],
  },
  {
    name: OSLO_CONFIG,
    project: 'demo-oslo.config',
    component: 'common',
    summary: 'Demo configuration library',
    command: 'demo-oslo-config-generator',
    tags: ['9.0.0', '9.1.0'],
    commits: 4,
    requires: [{ name: PBR, minVersion: '5.0.0' }],
    buildRequires: [PBR],
  },
  {
    name: OSLO_UTILS,
    project: 'demo-oslo.utils',
    component: 'common',
    summary: 'Demo utility library',
    command: 'demo-oslo-utils',
    tags: ['v6.2.0'],
    commits: 3,
    requires: [{ name: PBR }, { name: OSLO_CONFIG, minVersion: '9.0.0' }],
    buildRequires: [PBR],
  },
  {
    name: KEYSTONEAUTH,
    project: 'demo-keystoneauth',
    component: 'clients',
    summary: 'Demo authentication library for the demo identity service',
    command: 'demo-keystoneauth',
    tags: ['5.3.0'],
    commits: 3,
    requires: [{ name: OSLO_UTILS }],
    buildRequires: [PBR],
  },
  {
    name: KEYSTONECLIENT,
    project: 'demo-python-keystoneclient',
    component: 'clients',
    summary: 'Demo client for the demo identity service',
    command: 'demo-keystone',
    tags: ['5.2.0'],
    commits: 2,
    requires: [{ name: KEYSTONEAUTH, minVersion: '5.0.0' }, { name: OSLO_CONFIG }],
    buildRequires: [PBR],
  },
  {
    name: GLANCECLIENT,
    project: 'demo-python-glanceclient',
    component: 'clients',
    summary: 'Demo client for the demo image service',
    command: 'demo-glance',
    tags: ['v4.4.0'],
    commits: 3,
    requires: [{ name: KEYSTONEAUTH }],
    buildRequires: [PBR],
  },
  {
    name: NOVACLIENT,
    project: 'demo-python-novaclient',
    component: 'clients',
    summary: 'Demo client for the demo compute service',
    command: 'demo-nova',
    tags: ['18.4.0'],
    commits: 2,
    requires: [{ name: KEYSTONEAUTH }, { name: OSLO_UTILS }],
    buildRequires: [PBR],
  },
  {
    name: 'openstack-demo-keystone',
    project: 'demo-keystone',
    component: 'services',
    summary: 'Demo identity service',
    command: 'demo-keystone-manage',
    tags: ['23.0.0', '24.0.0'],
    commits: 4,
    requires: [{ name: KEYSTONECLIENT }, { name: OSLO_CONFIG, minVersion: '9.0.0' }, { name: OSLO_UTILS }],
    buildRequires: [PBR, OSLO_CONFIG],
  },
  {
    name: 'openstack-demo-glance',
    project: 'demo-glance',
    component: 'services',
    summary: 'Demo image service',
    command: 'demo-glance-manage',
    tags: ['27.0.0'],
    commits: 3,
    requires: [{ name: GLANCECLIENT }, { name: KEYSTONECLIENT }, { name: OSLO_UTILS }],
    buildRequires: [PBR],
  },
  {
    name: 'openstack-demo-nova',
    project: 'demo-nova',
    component: 'services',
    summary: 'Demo compute service',
    command: 'demo-nova-manage',
    tags: ['v28.0.0'],
    commits: 4,
    requires: [{ name: NOVACLIENT }, { name: GLANCECLIENT }, { name: KEYSTONECLIENT }, { name: OSLO_CONFIG, minVersion: '9.0.0' }],
    buildRequires: [PBR, OSLO_CONFIG],
  },
  {
    name: 'openstack-demo-neutron',
    project: 'demo-neutron',
    component: 'services',
    summary: 'Demo networking service',
    command: 'demo-neutron-db-manage',
    tags: ['23.1.0'],
    commits: 2,
    requires: [{ name: KEYSTONECLIENT }, { name: OSLO_UTILS }],
    buildRequires: [PBR],
  },
  {
    name: 'python-demo-tempest',
    project: 'demo-tempest',
    component: 'tempest',
    summary: 'Demo integration test suite',
    command: 'demo-tempest',
    tags: ['36.0.0'],
    commits: 3,
    requires: [{ name: KEYSTONECLIENT }, { name: NOVACLIENT }, { name: GLANCECLIENT }],
    buildRequires: [PBR],
  },
];

/**
 * The catalog entry for a configured package, or a dependency-free stand-in for a demo package the catalog
 * does not know (a user may add packages to the demo config).
 */
export function demoPackageFor(name: string, project: string, component: string): DemoPackage {
  const known = DEMO_CATALOG.find((p) => p.name === name);
  if (known) return { ...known, project };
  const command = project.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+/, '') || 'demo';
  return { name, project, component, summary: `Demo package ${name}`, command, tags: ['0.1.0'], commits: 2, requires: [], buildRequires: [] };
}
