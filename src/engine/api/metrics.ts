import type { Engine } from '../engine.js';

interface Sample {
  labels?: Record<string, string>;
  value: number;
}

interface Metric {
  name: string;
  help: string;
  type: 'counter' | 'gauge';
  samples: Sample[];
}

const BUILD_STATUSES = ['SUCCESS', 'FAILED', 'RETRY', 'BUILDING'] as const;

/** The engine's state in the Prometheus text format (with DLRN's `dlrn_builds_*` counters for its dashboards). */
export function renderMetrics(engine: Engine, consoles: number): string {
  return collect(engine, consoles).map(render).join('');
}

function collect(engine: Engine, consoles: number): Metric[] {
  const byStatus = new Map(
    (engine.db.prepare('SELECT status, COUNT(*) AS n FROM builds GROUP BY status').all() as { status: string; n: number }[]).map((r) => [r.status, r.n]),
  );
  const count = (status: string) => byStatus.get(status) ?? 0;
  const queued = (engine.db.prepare("SELECT COUNT(*) AS n FROM commits WHERE state = 'QUEUED'").get() as { n: number }).n;
  const events = (engine.db.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n;
  const baseurl = { baseurl: engine.config.trunk.baseurl };
  const finished = count('SUCCESS') + count('FAILED') + count('RETRY');
  return [
    { name: 'rdo_builds', help: 'Builds by status', type: 'gauge', samples: BUILD_STATUSES.map((s) => ({ labels: { status: s }, value: count(s) })) },
    { name: 'rdo_trunk_queue_length', help: 'Commits queued for a build', type: 'gauge', samples: [{ value: queued }] },
    { name: 'rdo_packages_failing', help: 'Packages whose latest build FAILED', type: 'gauge', samples: [{ value: engine.store.failingPackages().length }] },
    { name: 'rdo_events_last_seq', help: 'Sequence number of the last event in the log', type: 'gauge', samples: [{ value: engine.events.lastSeq() }] },
    { name: 'rdo_events_total', help: 'Events in the log', type: 'counter', samples: [{ value: events }] },
    { name: 'rdo_consoles_connected', help: 'Consoles attached over WebSocket', type: 'gauge', samples: [{ value: consoles }] },
    { name: 'dlrn_builds_succeeded_total', help: 'Total number of successful builds', type: 'counter', samples: [{ labels: baseurl, value: count('SUCCESS') }] },
    { name: 'dlrn_builds_failed_total', help: 'Total number of failed builds', type: 'counter', samples: [{ labels: baseurl, value: count('FAILED') }] },
    { name: 'dlrn_builds_retry_total', help: 'Total number of builds in retry state', type: 'counter', samples: [{ labels: baseurl, value: count('RETRY') }] },
    { name: 'dlrn_builds_total', help: 'Total number of builds', type: 'counter', samples: [{ labels: baseurl, value: finished }] },
    ...pipelineMetrics(engine),
  ];
}

const NODE_STATES = ['building', 'ready', 'in-use', 'used', 'deleting', 'failed', 'hold'] as const;
const JOB_RUN_STATES = ['queued', 'running', 'success', 'failure', 'error'] as const;

/** The CI pool, job runs and promotions; every query is answered from an index. */
function pipelineMetrics(engine: Engine): Metric[] {
  const counts = (sql: string) => new Map((engine.db.prepare(sql).all() as { k: string; n: number }[]).map((r) => [r.k, r.n]));
  const nodes = counts('SELECT state AS k, COUNT(*) AS n FROM nodes GROUP BY state');
  const runs = counts('SELECT state AS k, COUNT(*) AS n FROM job_runs GROUP BY state');
  const promotions = (engine.db.prepare('SELECT COUNT(*) AS n FROM promotions').get() as { n: number }).n;
  const lastPromotion = engine.db.prepare('SELECT timestamp FROM promotions WHERE promote_name = ? ORDER BY id DESC LIMIT 1');
  const now = Date.now();
  const ages = engine.pipeline.config.promotions.flatMap((p) => {
    const row = lastPromotion.get(p.label) as { timestamp: number } | undefined;
    return row ? [{ labels: { label: p.label }, value: Math.max(0, Math.floor((now - row.timestamp) / 1000)) }] : [];
  });
  return [
    { name: 'rdo_pool_nodes', help: 'CI pool nodes by state', type: 'gauge', samples: NODE_STATES.map((s) => ({ labels: { state: s }, value: nodes.get(s) ?? 0 })) },
    { name: 'rdo_job_runs', help: 'CI job runs by state (queued and running are the job queue)', type: 'gauge', samples: JOB_RUN_STATES.map((s) => ({ labels: { state: s }, value: runs.get(s) ?? 0 })) },
    { name: 'rdo_promotions_total', help: 'Promotions recorded', type: 'counter', samples: [{ value: promotions }] },
    { name: 'rdo_label_age_seconds', help: 'Seconds since each promotion target label last moved', type: 'gauge', samples: ages },
  ];
}

function render(m: Metric): string {
  const lines = [`# HELP ${m.name} ${m.help}`, `# TYPE ${m.name} ${m.type}`];
  for (const s of m.samples) lines.push(`${m.name}${formatLabels(s.labels)} ${s.value}`);
  return `${lines.join('\n')}\n`;
}

function formatLabels(labels: Record<string, string> | undefined): string {
  if (!labels) return '';
  const parts = Object.entries(labels).map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`);
  return `{${parts.join(',')}}`;
}
