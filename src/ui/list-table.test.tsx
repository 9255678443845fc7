import { Box } from 'ink';
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import type { BuildSummary, EngineSnapshot, JobRunSummary, PackageSummary } from '../engine/client/index.js';
import { columnWidths, ListTable } from './list-table.js';
import { JOB_RUNS_LIST } from './panes/pool/rows.js';
import { BUILDS_LIST, PACKAGES_LIST } from './panes/trunk/rows.js';
import type { ListSpec, PaneData } from './panes/types.js';

const NOW = 1_800_000_000_000;
const NAMES = ['python-demo-keystoneclient', 'python-demo-oslo-config', 'openstack-demo-neutron', 'python-demo-glanceclient', 'openstack-demo-glance'];
const HASH = '1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b';

function pkg(name: string, status: PackageSummary['status']): PackageSummary {
  const failing = status === 'FAILED' || status === 'RETRY';
  return {
    package: name,
    component: 'demo',
    status,
    nvr: `${name}-1.2.0-0.20261122101010.abc1234.el9`,
    lastBuildAt: NOW - 12 * 60_000 - 3000,
    lastSuccessAt: NOW - 3 * 86_400_000,
    firstFailure: failing ? { commitHash: HASH, at: NOW - 3 * 3600_000 - 5 * 60_000 } : null,
    skipped: null,
  };
}

function build(id: number, name: string): BuildSummary {
  return {
    buildId: id,
    commitId: id,
    package: name,
    distroHash: 'd'.repeat(40),
    subject: `Change ${id}`,
    author: 'Alice <alice@example.org>',
    commitHash: HASH,
    nvr: `${name}-1.2.0-0.20261122101010.abc1234.el9`,
    status: 'SUCCESS',
    startedAt: NOW - 90_000,
    finishedAt: NOW - 60_000,
    error: null,
  };
}

function jobRun(id: number, state: JobRunSummary['state'], error: string | null): JobRunSummary {
  return {
    runId: id,
    job: 'tempest-full',
    repoHash: `${HASH}_28555fa1deadbeef`,
    node: 'local-el9-0037',
    state,
    error,
    queuedAt: NOW - 60_000,
    startedAt: NOW - 50_000,
    finishedAt: NOW - 10_000,
  } as JobRunSummary;
}

const snapshot = {
  trunk: {
    queue: [
      {
        commitId: 99,
        package: NAMES[0]!,
        commitHash: HASH,
        state: 'BUILDING',
        queuedAt: NOW - 20_000,
        buildId: 99,
        worker: 1,
        startedAt: NOW - 12 * 60_000 - 3000,
      },
    ],
    recent: NAMES.map((n, i) => build(i + 1, n)),
    packages: [
      pkg('python-demo-pbr', 'SUCCESS'),
      pkg('python-demo-oslo-config', 'RETRY'),
      pkg('openstack-demo-neutron', 'SUCCESS'),
      pkg('python-demo-keystoneclient', 'FAILED'),
      pkg('openstack-demo-glance', 'FAILED'),
      pkg('aaa-never', 'NEVER'),
    ],
    links: {},
    passRunning: false,
  },
} as unknown as EngineSnapshot;
const data = {
  snapshot,
  views: {
    'ci.pool': {
      pool: null,
      trouble: { failedLaunches: 0, lastLaunchError: null, nextLaunchAt: 0, upkeepError: null },
      queue: [],
      recent: [jobRun(1, 'superseded', 'superseded: label moved on'), jobRun(2, 'success', null)],
      nodes: [],
      jobs: [],
    },
  },
} as PaneData;

function table<T>(spec: ListSpec<T>, columns: number): string {
  const rows = spec.rows(data, NOW);
  const view = { spec, rows, total: rows.length, selected: 0, filter: '', focused: true };
  const app = render(
    <Box width={columns}>
      <ListTable view={view} summary="s" width={columns} height={rows.length + 2} />
    </Box>,
  );
  const frame = app.lastFrame() ?? '';
  app.unmount();
  for (const line of frame.split('\n')) expect(line.length).toBeLessThanOrEqual(columns);
  return frame;
}

describe('list columns at 80 and 120 columns', () => {
  it('Builds: full demo package names readable, WKR 3 (w1), TIME 6', () => {
    for (const columns of [80, 120]) {
      const f = table(BUILDS_LIST, columns);
      for (const name of NAMES) expect(f).toMatch(new RegExp(`${name}\\s`));
      expect(f).toMatch(/python-demo-keystoneclient\s+1a2b3c4d\s+.*\s+w1\s+12m03s/);
      const widths = columnWidths(BUILDS_LIST.columns, columns);
      expect(widths[1]).toBeGreaterThanOrEqual(26);
      expect(widths[4]).toBe(3);
      expect(widths[5]).toBe(6);
    }
  });

  it('Packages: full names readable; BUILT, FIRST FAILURE and LAST OK fit their text', () => {
    for (const columns of [80, 120]) {
      const f = table(PACKAGES_LIST, columns);
      for (const name of ['python-demo-keystoneclient', 'python-demo-oslo-config', 'openstack-demo-neutron']) expect(f).toMatch(new RegExp(`${name}\\s`));
      expect(f).toMatch(/python-demo-keystoneclient\s+✗ FAILED\s+12m ago\s+1a2b3c4d 3h05m\s+3d ago/);
      expect(f).toMatch(/aaa-never\s+- NEVER\s+12m ago\s+-\s+3d ago/);
      expect(f).not.toMatch(/…\s+\d+d /);
      const widths = columnWidths(PACKAGES_LIST.columns, columns);
      expect(widths.slice(1, 5)).toEqual([10, 8, 14, 7]);
    }
  });

  it('Packages: FAILED first, then RETRY, then the rest by name', () => {
    const order = PACKAGES_LIST.rows(data, NOW).map((r) => r.key.slice(1));
    expect(order).toEqual([
      'openstack-demo-glance',
      'python-demo-keystoneclient',
      'python-demo-oslo-config',
      'aaa-never',
      'openstack-demo-neutron',
      'python-demo-pbr',
    ]);
    const f = table(PACKAGES_LIST, 80).split('\n');
    expect(f[2]).toMatch(/^> openstack-demo-glance\s+✗ FAILED/);
    expect(f[4]).toMatch(/^ {2}python-demo-oslo-config\s+↻ RETRY/);
  });

  it('CI pool job runs: the STATE column fits `⤼ superseded`', () => {
    for (const columns of [80, 120]) {
      const f = table(JOB_RUNS_LIST, columns);
      expect(f).toMatch(/⤼ superseded tempest-full/);
      expect(f).toMatch(/✓ success\s+tempest-full/);
    }
  });

  it('flex columns stop at their max and leave the rest to the others', () => {
    const widths = columnWidths(
      [
        { title: 'A', width: 4, flex: true, max: 6 },
        { title: 'B', width: 4, flex: true },
      ],
      40,
    );
    expect(widths).toEqual([6, 40 - 2 - 1 - 6]);
  });
});
