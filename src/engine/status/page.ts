import { html, Html } from '../pages/html.js';
import type { UptimeDay } from './uptime.js';
import { STATE_WORDS, type IncidentView, type ServiceState, type ServiceView, type StatusView } from './view.js';

/** The page refreshes itself this often (seconds). */
export const PAGE_REFRESH_S = 30;

const STYLE = `
body { font-family: sans-serif; margin: 1.5em auto; max-width: 70em; color: #1b1b1b; background: #fff; padding: 0 1em; }
h1 { font-size: 1.5em; color: #004153; }
h2 { font-size: 1.15em; margin-top: 1.5em; }
.banner { padding: 0.8em 1em; font-size: 1.2em; font-weight: bold; color: #fff; border-radius: 4px; }
.banner.s-none { background: #1e7b1e; } .banner.s-minor { background: #8a6d00; } .banner.s-major { background: #b35900; }
.banner.s-critical { background: #b00020; } .banner.s-maintenance { background: #1f5fa8; }
table { border-collapse: collapse; width: 100%; font-size: 0.9em; table-layout: fixed; }
th:nth-child(1) { width: 20%; } th:nth-child(2) { width: 20%; } th:nth-child(3) { width: 8%; } th:nth-child(5) { width: 9%; }
td { overflow-wrap: anywhere; }
th, td { border-bottom: 1px solid #ddd; padding: 0.35em 0.5em; text-align: left; vertical-align: middle; }
.state { font-weight: bold; white-space: nowrap; }
.st-operational { color: #1e7b1e; } .st-degraded_performance { color: #8a6d00; } .st-partial_outage { color: #b35900; }
.st-major_outage { color: #b00020; } .st-under_maintenance { color: #1f5fa8; }
.bar { display: flex; gap: 1px; height: 1.4em; min-width: 18em; }
.bar i { display: block; flex: 1; background: #c8c8c8; }
.bar i.d-operational { background: #2e9d2e; } .bar i.d-degraded_performance { background: #d4a600; }
.bar i.d-partial_outage { background: #e07000; } .bar i.d-major_outage { background: #c8102e; }
.bar i.m { box-shadow: inset 0 -0.35em #1f5fa8; }
.err { color: #555; font-size: 0.85em; }
.incident { border-left: 4px solid #b35900; padding: 0.2em 0.8em; margin: 0.8em 0; }
.incident.resolved { border-color: #999; }
.update { margin: 0.3em 0; }
footer { margin-top: 2em; color: #555; font-size: 0.85em; }
`;

const utc = (t: number) => `${new Date(t).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
const pct = (r: number | null) => (r === null ? 'no data' : `${(Math.floor(r * 10_000) / 100).toFixed(2)} %`);

function stateWord(s: ServiceState): Html {
  const w = STATE_WORDS[s];
  return html`<span class="state st-${s}">${w.symbol} ${w.word}</span>`;
}

/** Days that look alike (same worst state, no downtime, same maintenance mark) are drawn as one run. */
function bar(days: readonly UptimeDay[]): Html {
  const runs: { first: UptimeDay; last: UptimeDay; n: number }[] = [];
  const kind = (d: UptimeDay) => `${d.worst}|${d.maintenance}|${d.downMs > 0 ? d.day : ''}`;
  for (const d of days) {
    const run = runs[runs.length - 1];
    if (run && kind(run.last) === kind(d)) {
      run.last = d;
      run.n++;
    } else runs.push({ first: d, last: d, n: 1 });
  }
  return html`<div class="bar" role="img" aria-label="daily uptime, ${days.length} days">
    ${runs.map((r) => {
      const when = r.n === 1 ? r.first.day : `${r.first.day} to ${r.last.day}`;
      const what =
        r.first.worst === null ? 'no data' : `${pct(r.first.uptime)}${r.first.worst !== 'operational' ? `, worst ${STATE_WORDS[r.first.worst].word}` : ''}`;
      const title = `${when}: ${what}${r.first.maintenance ? ', maintenance' : ''}`;
      return html`<i class="d-${r.first.worst ?? 'none'}${r.first.maintenance ? ' m' : ''}" style="flex:${r.n}" title="${title}"></i>`;
    })}
  </div>`;
}

function serviceRow(s: ServiceView): Html {
  return html`<tr>
    <td><strong>${s.name}</strong>${s.description ? html`<br /><span class="err">${s.description}</span>` : ''}</td>
    <td>
      ${stateWord(s.state)}${s.muted && s.probedState !== 'operational' ? html`<br /><span class="err">probes: ${STATE_WORDS[s.probedState].word}</span>` : ''}${
        s.error && s.state !== 'operational' ? html`<br /><span class="err">${s.error}</span>` : ''
      }
    </td>
    <td>${s.latencyMs === null ? '-' : `${s.latencyMs} ms`}</td>
    <td>${bar(s.uptime)}</td>
    <td>${pct(s.uptimeRatio)}</td>
  </tr>`;
}

function incidentBlock(i: IncidentView, names: ReadonlyMap<string, string>): Html {
  return html`<div class="incident ${i.status === 'resolved' ? 'resolved' : ''}">
    <h3>${i.name} <span class="state">[${i.status}]</span></h3>
    <p>impact ${i.impact} · affects ${i.services.map((s) => names.get(s) ?? s).join(', ') || 'no service named'} · opened ${utc(i.createdAt)}</p>
    ${i.updates.map((u) => html`<p class="update"><strong>${u.status}</strong> ${utc(u.at)} (${u.author}): ${u.body}</p>`)}
  </div>`;
}

/** `/status`: server-rendered, readable without JavaScript, refreshing itself; every value escaped. */
export function statusPage(v: StatusView, maintenance: { title: string; endsAt: number }[]): string {
  const names = new Map(v.services.map((s) => [s.name, s.name]));
  const open = v.incidents.filter((i) => i.status !== 'resolved');
  const past = v.incidents.filter((i) => i.status === 'resolved').slice(0, 10);
  const symbol = v.indicator === 'none' ? '●' : v.indicator === 'maintenance' ? '⚒' : '▲';
  const body = html`<div class="banner s-${v.indicator}" id="overall">${symbol} ${v.description}</div>
    ${v.stale ? html`<p><strong>⚠ Probe results are old: no probe round since ${v.lastRoundAt ? utc(v.lastRoundAt) : 'the start'}.</strong></p>` : ''}
    ${maintenance.map((m) => html`<p class="st-under_maintenance"><strong>⚒ Maintenance in progress: ${m.title}, until ${utc(m.endsAt)}</strong></p>`)}
    ${
      open.length
        ? html`<h2>Open incidents</h2>
            ${open.map((i) => incidentBlock(i, names))}`
        : ''
    }
    ${v.groups.map(
      (g) =>
        html`<h2>${g}</h2>
          <table>
            <thead>
              <tr>
                <th>service</th>
                <th>state</th>
                <th>latency</th>
                <th>last ${v.services[0]?.uptime.length ?? 90} days</th>
                <th>uptime</th>
              </tr>
            </thead>
            <tbody>
              ${v.services.filter((s) => s.group === g).map(serviceRow)}
            </tbody>
          </table>`,
    )}
    ${v.services.length === 0 ? html`<p>No services are configured (config/status.yml).</p>` : ''}
    ${
      past.length
        ? html`<h2>Past incidents</h2>
            ${past.map((i) => incidentBlock(i, names))}`
        : ''
    }
    <footer>
      Last probed ${v.lastRoundAt ? utc(v.lastRoundAt) : 'never'} · probes every ${v.intervalMs / 1000} s · this page refreshes every ${PAGE_REFRESH_S} s ·
      <a href="/api/v2/summary.json">summary.json</a> · <a href="/api/v2/incidents.json">incidents.json</a> ·
      <a href="/api/v2/scheduled-maintenances.json">scheduled-maintenances.json</a> · <a href="/maintenance.ics">maintenance calendar</a>
    </footer>`;
  return `<!DOCTYPE html>\n${
    html`<html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta http-equiv="refresh" content="${PAGE_REFRESH_S}" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${v.pageName} status</title>
        <style>
          ${new Html(STYLE)}
        </style>
      </head>
      <body>
        <h1>${v.pageName} status</h1>
        ${body}
      </body>
    </html>`.text
  }\n`;
}
