import type { AlertInstance } from '../../engine/alerts/evaluate.js';
import type { Matcher, Silence } from '../../engine/alerts/silences.js';
import type { Db } from './db.js';

/** An alert as stored: the instance, and whether receivers were told it fires (then they hear it resolve). */
export interface StoredAlert extends AlertInstance {
  notified: boolean;
}

export interface SilenceRow extends Silence {
  expiredBy: string | null;
}

interface RawAlert {
  body: string;
  notified: number;
}

interface RawSilence {
  id: string;
  matchers: string;
  starts_at: number;
  ends_at: number;
  created_by: string;
  comment: string;
  created_at: number;
  expired_by: string | null;
}

const silenceOf = (r: RawSilence): SilenceRow => ({
  id: r.id,
  matchers: JSON.parse(r.matchers) as Matcher[],
  startsAt: r.starts_at,
  endsAt: r.ends_at,
  createdBy: r.created_by,
  comment: r.comment,
  createdAt: r.created_at,
  expiredBy: r.expired_by,
});

export class AlertsStore {
  constructor(private readonly db: Db) {}

  alerts(): StoredAlert[] {
    return (this.db.prepare('SELECT body, notified FROM alerts ORDER BY active_at, fingerprint').all() as RawAlert[]).map((r) => ({
      ...(JSON.parse(r.body) as AlertInstance),
      notified: r.notified === 1,
    }));
  }

  /** Replaces the stored alerts with this evaluation's, in one transaction. */
  saveAlerts(alerts: readonly StoredAlert[]): void {
    const insert = this.db.prepare(
      'INSERT INTO alerts (fingerprint, rule, state, body, active_at, fired_at, resolved_at, notified) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM alerts').run();
      for (const a of alerts) {
        const { notified, ...instance } = a;
        insert.run(a.fingerprint, a.rule, a.state, JSON.stringify(instance), a.activeAt, a.firedAt, a.resolvedAt, notified ? 1 : 0);
      }
    })();
  }

  setNotified(fingerprints: readonly string[]): void {
    const update = this.db.prepare('UPDATE alerts SET notified = 1 WHERE fingerprint = ?');
    this.db.transaction(() => {
      for (const f of fingerprints) update.run(f);
    })();
  }

  nextSilenceId(): string {
    const r = this.db.prepare('SELECT COUNT(*) AS n FROM silences').get() as { n: number };
    return `s-${r.n + 1}`;
  }

  insertSilence(s: Silence): void {
    this.db
      .prepare('INSERT INTO silences (id, matchers, starts_at, ends_at, created_by, comment, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(s.id, JSON.stringify(s.matchers), s.startsAt, s.endsAt, s.createdBy, s.comment, s.createdAt);
  }

  silence(id: string): SilenceRow | undefined {
    const r = this.db.prepare('SELECT * FROM silences WHERE id = ?').get(id) as RawSilence | undefined;
    return r && silenceOf(r);
  }

  /** Silences that end after `since` (active, pending, and those expired since then), newest first. */
  silencesEndingAfter(since: number): SilenceRow[] {
    return (this.db.prepare('SELECT * FROM silences WHERE ends_at > ? ORDER BY created_at DESC, id DESC').all(since) as RawSilence[]).map(silenceOf);
  }

  /** Ends a silence now (a pending one starts and ends now, as Alertmanager expires it). */
  expireSilence(id: string, at: number, by: string): void {
    this.db.prepare('UPDATE silences SET ends_at = ?, starts_at = MIN(starts_at, ?), expired_by = ? WHERE id = ?').run(at, at, by, id);
  }
}
