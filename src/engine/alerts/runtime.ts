import type { EngineCore } from '../area.js';
import { EngineError } from '../errors.js';
import type { Logger } from '../log.js';
import { AlertsStore, type StoredAlert } from '../../store/db/alerts-store.js';
import { formatDuration, parseDuration } from './duration.js';
import { evaluateRules, type Transition } from './evaluate.js';
import { noticesOf, type Notice } from './notices.js';
import { webhookPayload } from './payload.js';
import { loadAlertsConfig, type AlertsConfig } from './rules.js';
import { matcherText, parseMatchers, silenceState, silencing, type Silence } from './silences.js';
import { alertsListView, type AlertsListView, type SilenceView } from './view.js';
import { deliver } from './webhook.js';

/** The longest silence one command makes (Alertmanager has no limit; a forgotten silence hides too much). */
const MAX_SILENCE_MS = 90 * 86_400_000;
/** Expired silences are still listed this long. */
const EXPIRED_SHOWN_MS = 86_400_000;

export class AlertsRuntime {
  readonly store: AlertsStore;
  readonly config: AlertsConfig;
  /** The clock (tests set it). */
  now: () => number = () => Date.now();
  /** First wait between webhook attempts (tests shorten it). */
  backoffMs = 1000;
  evaluatedAt: number | null = null;
  private delivering: Promise<void> = Promise.resolve();

  constructor(
    private readonly engine: EngineCore,
    private readonly log: Logger,
  ) {
    this.store = new AlertsStore(engine.db);
    this.config = loadAlertsConfig(engine.config.configDir);
  }

  /** Silences not yet over, and those that ended in the last day. */
  silences(now = this.now()) {
    return this.store.silencesEndingAfter(now - EXPIRED_SHOWN_MS);
  }

  /** The alerts as an evaluation now would leave them, without recording anything (what the console reads). */
  preview(now = this.now()): StoredAlert[] {
    return this.next(now).alerts;
  }

  private next(now: number): { alerts: StoredAlert[]; transitions: Transition[]; stored: StoredAlert[] } {
    const stored = this.store.alerts();
    const before = new Map(stored.map((a) => [a.fingerprint, a]));
    const { alerts, transitions } = evaluateRules(this.config.rules, this.engine.facts(), stored, now);
    // Receivers told of a firing alert hear it resolve; an alert that fires again is news again.
    const told = (fp: string, state: string) => {
      const old = before.get(fp);
      return old !== undefined && old.notified && (old.state === 'firing' ? state !== 'pending' : old.state === state);
    };
    return { alerts: alerts.map((a) => ({ ...a, notified: told(a.fingerprint, a.state) })), transitions, stored };
  }

  /** One evaluation: records the alerts and their transitions (events), then tells the webhooks what is new. */
  evaluate(): Transition[] {
    const now = this.now();
    const { alerts, transitions, stored } = this.next(now);
    // Unchanged alerts are not written again (a replica follows every row change).
    if (canonical(alerts) !== canonical(stored)) this.store.saveAlerts(alerts);
    this.evaluatedAt = now;
    const byFp = new Map(alerts.map((a) => [a.fingerprint, a]));
    const previous = new Map(stored.map((a) => [a.fingerprint, a]));
    for (const t of transitions) {
      const a = byFp.get(t.fingerprint) ?? previous.get(t.fingerprint);
      const type = t.to === 'inactive' ? 'alert.cleared' : t.to === 'pending' ? 'alert.pending' : t.to === 'firing' ? 'alert.firing' : 'alert.resolved';
      this.engine.events.append(type, {
        fingerprint: t.fingerprint,
        rule: t.rule,
        severity: a?.labels.severity ?? '',
        summary: a?.annotations.summary ?? t.rule,
        labels: a?.labels ?? {},
      });
    }
    if (this.config.webhooks.length > 0) {
      const silences = this.silences(now);
      const silenced = new Set(alerts.filter((a) => silencing(silences, a.labels, now).length > 0).map((a) => a.fingerprint));
      const resolvedNow = new Set(transitions.filter((t) => t.to === 'resolved').map((t) => t.fingerprint));
      const notices = noticesOf(alerts, silenced, resolvedNow, this.config.groupBy);
      if (notices.length > 0) {
        this.store.setNotified(notices.flatMap((n) => n.firing.map((a) => a.fingerprint)));
        this.delivering = this.delivering.then(() => this.send(notices));
      }
    }
    return transitions;
  }

  /** Waits for the webhook deliveries started so far. */
  flush(): Promise<void> {
    return this.delivering;
  }

  private async send(notices: Notice[]): Promise<void> {
    for (const n of notices) {
      for (const hook of this.config.webhooks) {
        const alerts = [...n.firing, ...(hook.sendResolved ? n.resolved : [])];
        if (!n.news && (!hook.sendResolved || n.resolved.length === 0)) continue;
        const payload = webhookPayload(hook.name, this.config.externalUrl, this.config.groupBy, alerts);
        try {
          const d = await deliver(hook, payload, this.backoffMs);
          this.engine.events.append('alert.notified', {
            receiver: hook.name,
            groupKey: n.groupKey,
            status: payload.status,
            alerts: alerts.length,
            ok: d.ok,
            attempts: d.attempts,
            ...(d.error ? { error: d.error } : {}),
          });
          if (!d.ok) this.log.warn({ receiver: hook.name, url: hook.url, error: d.error, attempts: d.attempts }, 'webhook not delivered');
        } catch (err) {
          // The store may have closed under a delivery that outlived the engine.
          this.log.error({ receiver: hook.name, err: err instanceof Error ? err.message : String(err) }, 'webhook delivery failed');
        }
      }
    }
  }

  view(): AlertsListView {
    const now = this.now();
    return alertsListView(this.preview(now), this.silences(now), now, { evaluatedAt: this.evaluatedAt, config: this.config });
  }

  addSilence(input: { matcher: string; duration?: string; start?: string; comment: string }, actor: string): SilenceView {
    const matchers = parseMatchers(input.matcher);
    const now = this.now();
    let startsAt = now;
    if (input.start !== undefined) {
      startsAt = Date.parse(input.start);
      if (!/^\d{4}-\d\d-\d\dT/.test(input.start) || Number.isNaN(startsAt))
        throw new EngineError('bad-request', `start: not an ISO time like 2026-12-15T14:00Z (got ${JSON.stringify(input.start)})`);
    }
    const ms = parseDuration(input.duration ?? '2h');
    if (ms === null || ms <= 0) throw new EngineError('bad-request', `duration: not a duration like 30m, 2h, 1d (got ${JSON.stringify(input.duration)})`);
    if (ms > MAX_SILENCE_MS) throw new EngineError('bad-request', `duration: at most ${formatDuration(MAX_SILENCE_MS)} (got ${input.duration})`);
    const comment = input.comment.trim();
    if (!comment) throw new EngineError('bad-request', 'comment: say why the alerts are silenced');
    const silence: Silence = { id: this.store.nextSilenceId(), matchers, startsAt, endsAt: startsAt + ms, createdBy: actor, comment, createdAt: now };
    if (silence.endsAt <= now) throw new EngineError('bad-request', 'start: the silence would already be over');
    this.store.insertSilence(silence);
    this.engine.events.append(
      'silence.created',
      { id: silence.id, matchers: matchers.map(matcherText).join(','), startsAt: silence.startsAt, endsAt: silence.endsAt, comment },
      actor,
    );
    return this.silenceView(silence.id, now);
  }

  expireSilence(id: string, actor: string): SilenceView {
    const s = this.store.silence(id);
    if (!s) throw new EngineError('not-found', `no silence ${JSON.stringify(id)}`);
    const now = this.now();
    if (silenceState(s, now) === 'expired') throw new EngineError('conflict', `silence ${id} has already expired`);
    this.store.expireSilence(id, now, actor);
    this.engine.events.append('silence.expired', { id }, actor);
    return this.silenceView(id, now);
  }

  private silenceView(id: string, now: number): SilenceView {
    const v = alertsListView(this.preview(now), [this.store.silence(id)!], now, { evaluatedAt: this.evaluatedAt, config: this.config });
    return v.silences[0]!;
  }
}

/** The alerts as one string, whatever their order: equal strings, equal alerts. */
function canonical(alerts: readonly StoredAlert[]): string {
  return JSON.stringify([...alerts].sort((a, b) => (a.fingerprint < b.fingerprint ? -1 : 1)));
}
