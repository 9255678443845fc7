import type { IncidentView, StatusView } from './view.js';
import { STATE_WORDS } from './view.js';

const utc = (t: number) => new Date(t).toISOString().slice(0, 16).replace('T', ' ');

export function statusText(v: StatusView): string {
  const lines = [`${v.pageName}: ${v.description}${v.stale ? ` (STALE: no probe round since ${v.lastRoundAt ? utc(v.lastRoundAt) : 'ever'})` : ''}`];
  for (const g of v.groups) {
    lines.push(`${g}:`);
    for (const s of v.services.filter((x) => x.group === g)) {
      const w = STATE_WORDS[s.state];
      const up = s.uptimeRatio === null ? '-' : `${(s.uptimeRatio * 100).toFixed(2)}%`;
      const latency = s.latencyMs === null ? '-' : `${s.latencyMs}ms`;
      lines.push(
        `  ${`${w.symbol} ${w.word}`.padEnd(16)} ${s.name.padEnd(24)} ${latency.padStart(8)}  90d ${up.padStart(7)}${s.error && s.state !== 'operational' ? `  ${s.error}` : ''}`,
      );
    }
  }
  const open = v.incidents.filter((i) => i.status !== 'resolved');
  if (open.length) lines.push('open incidents:', ...open.map((i) => `  ${incidentLine(i)}`));
  return lines.join('\n');
}

export function incidentLine(i: IncidentView): string {
  return `#${i.id} [${i.status}] ${i.name} (impact ${i.impact}; ${i.services.join(',') || '-'}) opened ${utc(i.createdAt)} UTC by ${i.createdBy}`;
}

export function incidentText(i: IncidentView): string {
  return [incidentLine(i), ...i.updates.map((u) => `  ${utc(u.at)} ${u.status}: ${u.body} (${u.author})`)].join('\n');
}

export function incidentsText(list: IncidentView[]): string {
  return list.length ? list.map(incidentLine).join('\n') : 'no incidents';
}
