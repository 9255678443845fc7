import type { StoredAlert } from '../../store/db/alerts-store.js';
import { groupKeyOf } from './payload.js';

/** What one evaluation has to tell receivers about one group of alerts. */
export interface Notice {
  groupKey: string;
  /** Firing (not silenced) alerts of the group, and those of them that were resolved by this evaluation. */
  firing: StoredAlert[];
  resolved: StoredAlert[];
  /** Some alert of the group fires that receivers were not told of yet (otherwise only resolutions are news). */
  news: boolean;
}

/**
 * The groups to notify after an evaluation, as Alertmanager would: a group is sent when one of its alerts
 * starts firing unsilenced (receivers get every firing alert of the group), or when an alert they were told of
 * is resolved. A silenced alert is not sent; once its silence ends while it still fires, it is.
 */
export function noticesOf(
  alerts: readonly StoredAlert[],
  silenced: ReadonlySet<string>,
  resolvedNow: ReadonlySet<string>,
  groupBy: readonly string[],
): Notice[] {
  const groups = new Map<string, Notice>();
  const group = (a: StoredAlert) => {
    const key = groupKeyOf(a.labels, groupBy);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { groupKey: key, firing: [], resolved: [], news: false }));
    return g;
  };
  for (const a of alerts) {
    if (a.state === 'firing' && !silenced.has(a.fingerprint)) {
      const g = group(a);
      g.firing.push(a);
      if (!a.notified) g.news = true;
    } else if (a.state === 'resolved' && a.notified && resolvedNow.has(a.fingerprint)) group(a).resolved.push(a);
  }
  return [...groups.values()].filter((g) => g.news || g.resolved.length > 0);
}
