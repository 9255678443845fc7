import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EngineCore, Facts } from '../area.js';
import { EngineError } from '../errors.js';
import { maintenanceArea } from '../maintenance/index.js';
import { StatusStore, type DailyRow, type IncidentImpact, type IncidentStatus, type ServiceRuleRow } from '../../store/db/status-store.js';
import { loadStatusConfig, servicesHere, type ServiceConfig, type StatusConfig } from './config.js';
import { probeRound } from './round.js';
import { INITIAL_RULE_STATE, nextRuleState } from './rule.js';
import { accrue, dailyUptime, dayOf, firstDay, overallUptime, type Accrual } from './uptime.js';
import { overall, type IncidentView, type ServiceState, type ServiceView, type StatusView } from './view.js';

/** A gap between two rounds longer than this many intervals is not counted (nothing probed: unknown). */
const MAX_GAP_INTERVALS = 3;
/**
 * A view is reused until an event changes it (a round, an incident, a window starting or ending, also from
 * another process), or this long at most (the ages it shows move on).
 */
const VIEW_TTL_MS = 10_000;
const DAY_MS = 86_400_000;
const INCIDENTS_SHOWN = 50;
/** The demo service's file: present means down (its `command` probe tests it). */
export const DEMO_DOWN_FILE = 'status-demo.down';
/** On the demo, the demo service is down from minute 3 to minute 5 of every 8. */
const DEMO_CYCLE_MS = 8 * 60_000;
const DEMO_DOWN = [3 * 60_000, 5 * 60_000] as const;

function probeText(s: ServiceConfig): string {
  const p = s.probe;
  if (p.kind === 'http') return `http ${p.url}`;
  if (p.kind === 'tcp') return `tcp ${p.address}`;
  if (p.kind === 'command') return `command ${p.argv.join(' ')}`;
  return `internal ${p.part}`;
}

export class StatusRuntime {
  readonly store: StatusStore;
  readonly config: StatusConfig;
  /** The clock (tests set it). */
  now: () => number = () => Date.now();
  private rules: Map<string, ServiceRuleRow>;
  private shown = new Map<string, ServiceState>();
  private cached: { at: number; view: StatusView } | null = null;
  /** Daily rows of the days before yesterday (no round writes them any more), read once a day. */
  private history: { today: string; rows: DailyRow[] } | null = null;
  private lastPrune = 0;
  /** When this engine started (tests set it). */
  startedAt = Date.now();
  lastRoundAt: number | null = null;

  constructor(private readonly engine: EngineCore) {
    this.store = new StatusStore(engine.db);
    this.config = loadStatusConfig(engine.config.configDir, engine.paths.dataDir);
    this.rules = this.store.rules();
    this.lastRoundAt = Math.max(0, ...[...this.rules.values()].map((r) => r.checkedAt)) || null;
    engine.events.subscribe((e) => {
      if (/^(status|incident|maintenance)\./.test(e.type)) this.cached = null;
    });
  }

  /** The daily rows of the days shown: those before yesterday kept from the first read of the day. */
  private dailyRows(now: number): DailyRow[] {
    const today = dayOf(now);
    const yesterday = dayOf(now - DAY_MS);
    if (this.history?.today !== today) this.history = { today, rows: this.store.daily(firstDay(now), yesterday) };
    return [...this.history.rows, ...this.store.daily(yesterday)];
  }

  /** Services a maintenance window mutes now. */
  muted(): Set<string> {
    const windows = this.engine.area(maintenanceArea).activeWindows(this.now());
    return new Set(windows.flatMap((w) => w.services));
  }

  private stateOf(name: string, muted: Set<string>): ServiceState {
    return muted.has(name) ? 'under_maintenance' : (this.rules.get(name)?.state ?? 'operational');
  }

  /** What a round probes here. */
  private services(): ServiceConfig[] {
    return servicesHere(this.config.services, this.engine.servedAt);
  }

  /** What the view shows: those probed here, and a daemon's own service that a daemon has probed (a CLI reading its data). */
  private shownServices(): ServiceConfig[] {
    const here = new Set(this.services().map((s) => s.name));
    return this.config.services.filter((s) => here.has(s.name) || this.rules.has(s.name));
  }

  /** One probe round: every service probed, its rule applied, the results, states and uptime time stored. */
  async round(): Promise<StatusView> {
    const started = this.now();
    const services = this.services();
    let facts: Facts | null = null;
    const results = await probeRound(services, this.config.concurrency, {
      // Read once a round: every internal probe of the round sees the same facts.
      facts: () => (facts ??= this.engine.facts()),
      dataDir: this.engine.paths.dataDir,
      cwd: this.engine.paths.tmpDir,
      upSeconds: Math.round((started - this.startedAt) / 1000),
    });
    const now = this.now();
    const muted = this.muted();
    const before = new Map(services.map((s) => [s.name, this.shown.get(s.name) ?? this.stateOf(s.name, muted)]));
    const rules: ServiceRuleRow[] = [];
    const accruals: (Accrual & { service: string })[] = [];
    services.forEach((s, i) => {
      const r = results[i]!;
      const prev = this.rules.get(s.name);
      const next = nextRuleState(prev ?? INITIAL_RULE_STATE, r, {
        failures: s.rule.failures,
        majorAfter: s.rule['major-after'],
        degradedMs: s.rule['degraded-ms'],
        recover: s.rule.recover,
      });
      if (prev && now > prev.checkedAt && now - prev.checkedAt <= MAX_GAP_INTERVALS * this.config.intervalMs)
        for (const a of accrue(prev.checkedAt, now, prev.state, muted.has(s.name))) accruals.push({ service: s.name, ...a });
      rules.push({
        service: s.name,
        ...next,
        since: prev && prev.state === next.state ? prev.since : now,
        checkedAt: now,
        latencyMs: r.latencyMs,
        error: r.error,
      });
    });
    this.store.writeRound({ rules, results: services.map((s, i) => ({ service: s.name, at: now, ...results[i]! })), accruals });
    for (const r of rules) this.rules.set(r.service, r);
    this.lastRoundAt = now;
    this.cached = null;
    let notOperational = 0;
    services.forEach((s, i) => {
      const to = this.stateOf(s.name, muted);
      if (to !== 'operational' && to !== 'under_maintenance') notOperational++;
      const from = before.get(s.name)!;
      if (from !== to) this.engine.events.append('status.changed', { service: s.name, from, to, error: results[i]!.error });
      this.shown.set(s.name, to);
    });
    this.engine.events.append('status.round', { services: services.length, notOperational, durationMs: now - started });
    if (now - this.lastPrune > 3_600_000) {
      this.store.pruneResults(now - this.config.keepResultsMs);
      this.lastPrune = now;
    }
    return this.view();
  }

  view(): StatusView {
    const now = this.now();
    if (this.cached && now >= this.cached.at && now - this.cached.at < VIEW_TTL_MS) return this.cached.view;
    this.rules = this.store.rules();
    const muted = this.muted();
    const daily = new Map<string, DailyRow[]>();
    for (const r of this.dailyRows(now)) {
      const rows = daily.get(r.service) ?? [];
      rows.push(r);
      daily.set(r.service, rows);
    }
    const services: ServiceView[] = this.shownServices().map((s) => {
      const rule = this.rules.get(s.name);
      const uptime = dailyUptime(daily.get(s.name) ?? [], now);
      return {
        name: s.name,
        group: s.group,
        description: s.description ?? null,
        probe: probeText(s),
        state: this.stateOf(s.name, muted),
        probedState: rule?.state ?? 'operational',
        muted: muted.has(s.name),
        latencyMs: rule?.latencyMs ?? null,
        checkedAt: rule?.checkedAt ?? null,
        since: rule?.since ?? null,
        error: rule?.error ?? null,
        uptime,
        uptimeRatio: overallUptime(uptime),
      };
    });
    const lastRoundAt = Math.max(0, ...[...this.rules.values()].map((r) => r.checkedAt)) || null;
    const notOperational = services.filter((s) => s.state !== 'operational' && s.state !== 'under_maintenance').length;
    const view: StatusView = {
      now,
      pageName: this.config.pageName,
      intervalMs: this.config.intervalMs,
      lastRoundAt,
      stale: services.length > 0 && (lastRoundAt === null || now - lastRoundAt > MAX_GAP_INTERVALS * this.config.intervalMs),
      ...overall(services.map((s) => s.state)),
      services,
      groups: [...new Set(services.map((s) => s.group))],
      incidents: this.incidents(),
      notOperational,
    };
    this.cached = { at: now, view };
    return view;
  }

  incidents(): IncidentView[] {
    const rows = this.store.incidents(INCIDENTS_SHOWN);
    const updates = this.store.updatesOf(rows.map((r) => r.id));
    return rows.map((r) => ({ ...r, updates: updates.filter((u) => u.incidentId === r.id) }));
  }

  incident(id: number): IncidentView {
    const r = this.store.incident(id);
    if (!r) throw new EngineError('not-found', `no incident ${id}`);
    return { ...r, updates: this.store.updatesOf([id]) };
  }

  private checkServices(services: string[]): void {
    const known = this.shownServices().map((s) => s.name);
    const unknown = services.find((s) => !known.includes(s));
    if (unknown !== undefined)
      throw new EngineError('bad-request', `services: unknown service ${JSON.stringify(unknown)}; services: ${known.join(', ') || '(none configured)'}`);
  }

  openIncident(i: { name: string; status: IncidentStatus; impact: IncidentImpact; services: string[]; message: string }, actor: string): IncidentView {
    if (i.status === 'resolved') throw new EngineError('bad-request', 'status: an incident opens as investigating, identified or monitoring');
    this.checkServices(i.services);
    const id = this.store.openIncident(
      { name: i.name, status: i.status, impact: i.impact, services: i.services, createdAt: this.now(), createdBy: actor },
      i.message,
    );
    this.cached = null;
    this.engine.events.append('incident.opened', { id, name: i.name, status: i.status, impact: i.impact, services: i.services }, actor);
    return this.incident(id);
  }

  updateIncident(id: number, change: { status: IncidentStatus; message: string; impact?: IncidentImpact; services?: string[] }, actor: string): IncidentView {
    const old = this.incident(id);
    if (old.status === 'resolved') throw new EngineError('conflict', `incident ${id} is resolved`);
    if (change.services) this.checkServices(change.services);
    this.store.updateIncident(id, this.now(), change, change.message, actor);
    this.cached = null;
    if (change.status === 'resolved') this.engine.events.append('incident.resolved', { id, body: change.message }, actor);
    else this.engine.events.append('incident.updated', { id, status: change.status, body: change.message }, actor);
    return this.incident(id);
  }

  /**
   * On the demo (demo activity on), takes the demo service down and brings it back: its `command` probe tests
   * a file under demo/, present from minute 3 to minute 5 of every 8 after the engine started.
   */
  demoTick(): void {
    const phase = (Date.now() - this.startedAt) % DEMO_CYCLE_MS;
    const file = join(this.engine.paths.demoDir, DEMO_DOWN_FILE);
    if (phase >= DEMO_DOWN[0] && phase < DEMO_DOWN[1]) {
      mkdirSync(this.engine.paths.demoDir, { recursive: true });
      const tmp = `${file}.tmp`;
      writeFileSync(tmp, 'the demo service is down (rdo-console status demo)\n');
      renameSync(tmp, file);
    } else rmSync(file, { force: true });
  }
}
