import type { MaintenanceListView, MaintenanceWindowView } from './runtime.js';

const iso = (t: number) => new Date(t).toISOString().slice(0, 16).replace('T', ' ');

export function windowText(w: MaintenanceWindowView): string {
  const flags = [w.state.toUpperCase(), w.shortNotice ? `SHORT NOTICE: ${w.shortNoticeReason}` : ''].filter(Boolean).join('  ');
  return `${w.id}  ${iso(w.startsAt)} → ${iso(w.endsAt)} UTC  ${w.title}  [${flags}]  loops: ${w.loops.join(',') || '-'}  services: ${w.services.join(',') || '-'}`;
}

export function listText(v: MaintenanceListView): string {
  return v.windows.length ? v.windows.map(windowText).join('\n') : 'no maintenance windows';
}
