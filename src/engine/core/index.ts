import { statfsSync } from 'node:fs';
import { z } from 'zod';
import { CORE_MIGRATIONS } from '../../store/db/migrations/index.js';
import { commandFor, defineArea, queryFor, type Facts } from '../area.js';

import type { AuditEntry } from './audit.js';
import { AUDIT_PAGE } from './audit.js';

export type { AuditEntry } from './audit.js';

type CoreRuntime = null;
const command = commandFor<CoreRuntime>();
const query = queryFor<CoreRuntime>();

/** The engine's own area: the event log, the audit trail and pausing any area's loop. */
export const coreArea = defineArea({
  name: 'core',
  description: 'The engine itself: its loops, the event log and the audit trail',
  cliGroups: { loop: 'The engine loops: list, pause and resume them' },
  migrations: CORE_MIGRATIONS,
  open: () => null,
  commands: [
    command({
      name: 'loop.pause',
      description: 'Pause one of the engine loops (it stays paused across restarts)',
      dangerous: false,
      args: z.object({ loop: z.string().describe('a loop name, e.g. trunk, ci, promoter') }),
      cli: { positional: ['loop'] },
      run: ({ loop }, { engine, actor }) => {
        const changed = engine.loops.pause(loop, actor.name);
        return { ok: true, message: `${loop} loop ${changed ? 'paused' : 'already paused'}` };
      },
    }),
    command({
      name: 'loop.resume',
      description: 'Resume a paused engine loop',
      dangerous: false,
      args: z.object({ loop: z.string().describe('a loop name, e.g. trunk, ci, promoter') }),
      cli: { positional: ['loop'] },
      run: ({ loop }, { engine, actor }) => {
        const changed = engine.loops.resume(loop, actor.name);
        return { ok: true, message: `${loop} loop ${changed ? 'resumed' : 'already running'}` };
      },
    }),
  ],
  queries: [
    query({
      name: 'audit.list',
      description: 'The audit trail: every operator action with who, when and the result, newest first',
      args: z.object({
        before: z.number().int().min(0).optional().describe('only entries before this event seq'),
        limit: z.number().int().min(1).max(AUDIT_PAGE).default(AUDIT_PAGE),
      }),
      changesOn: ['command'],
      cli: { path: 'audit', text: (entries: AuditEntry[]) => entries.map(auditLine).join('\n') || '(no operator actions yet)' },
      run: ({ before, limit }, { engine }): AuditEntry[] => engine.events.commands(limit, before),
    }),
    query({
      name: 'core.facts',
      description: "Every area's facts (ages in seconds, counts): what status probes and alert rules read",
      args: z.object({}),
      changesOn: [],
      cli: {
        path: 'facts',
        text: (facts: Facts) =>
          Object.entries(facts)
            .map(([k, v]) => `${k.padEnd(48)} ${v === null ? '-' : String(v)}`)
            .join('\n'),
      },
      run: (_args, { engine }) => engine.facts(),
    }),
    query({
      name: 'loop.list',
      description: 'The engine loops and whether each is paused',
      args: z.object({}),
      changesOn: ['loop.paused', 'loop.resumed'],
      cli: {
        path: 'loop list',
        text: (loops: { name: string; paused: boolean }[]) => loops.map((l) => `${l.name.padEnd(12)} ${l.paused ? 'paused' : 'running'}`).join('\n'),
      },
      run: (_args, { engine }) => engine.loops.names().map((name) => ({ name, paused: engine.loops.isPaused(name) })),
    }),
  ],
  loops: [],
  facts: ({ engine }) => {
    const fs = statfsSync(engine.paths.dataDir);
    return { 'core.data-free-bytes': fs.bavail * fs.bsize, 'core.data-free-ratio': fs.blocks > 0 ? Number((fs.bavail / fs.blocks).toFixed(4)) : null };
  },
  events: ['command', 'loop.paused', 'loop.resumed'],
  eventLevels: { 'loop.paused': 'info', 'loop.resumed': 'info' },
  metrics: [
    {
      name: 'rdo_events_last_seq',
      help: 'Sequence number of the last event in the log',
      type: 'gauge',
      collect: ({ engine }) => [{ value: engine.events.lastSeq() }],
    },
    { name: 'rdo_events_total', help: 'Events in the log', type: 'counter', collect: ({ engine }) => [{ value: engine.events.count() }] },
    {
      name: 'rdo_loop_paused',
      help: 'Engine loops by name: 1 while paused',
      type: 'gauge',
      labelNames: ['loop'],
      collect: ({ engine }) => engine.loops.names().map((loop) => ({ labels: { loop }, value: engine.loops.isPaused(loop) ? 1 : 0 })),
    },
  ],
});

function auditLine(e: AuditEntry): string {
  const args = Object.entries(e.args)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ');
  return `${new Date(e.ts).toISOString()}  ${e.actor.padEnd(16)} ${`${e.name} ${args}`.trim().padEnd(32)} ${e.ok ? 'ok' : `FAILED${e.kind ? ` (${e.kind})` : ''}`}  ${e.result}`;
}
