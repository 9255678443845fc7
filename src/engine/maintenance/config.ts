import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { loadYamlFile } from '../config/yaml-file.js';
import { scheduleProblem } from './recurrence.js';

const name = z.string().min(1).max(100);

const series = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/, 'id must be lowercase letters, digits and dashes'),
    title: z.string().min(1).max(200),
    rrule: z.string().min(1),
    start: z.string(),
    duration_minutes: z
      .number()
      .int()
      .positive()
      .max(7 * 24 * 60),
    services: z.array(name).default([]),
    loops: z.array(name).default([]),
  })
  .strict();

export const maintenanceFileSchema = z
  .object({ timezone: z.string().default('UTC'), series: z.array(series).default([]) })
  .strict()
  .superRefine((f, ctx) => {
    f.series.forEach((s, i) => {
      const problem = scheduleProblem({ rrule: s.rrule, start: s.start, durationMinutes: s.duration_minutes, timezone: f.timezone }, Date.now());
      if (problem) ctx.addIssue({ code: 'custom', path: problem.field === 'timezone' ? ['timezone'] : ['series', i, problem.field], message: problem.message });
    });
  });

export type MaintenanceFile = z.output<typeof maintenanceFileSchema>;

export const MAINTENANCE_FILE = 'maintenance.yml';

/** config/maintenance.yml, or no series when the file is absent. Errors name the file, line and field. */
export function loadMaintenanceConfig(configDir: string, loopNames: readonly string[]): MaintenanceFile {
  const file = join(configDir, MAINTENANCE_FILE);
  if (!existsSync(file)) return { timezone: 'UTC', series: [] };
  const schema = maintenanceFileSchema.superRefine((f, ctx) => {
    f.series.forEach((s, i) =>
      s.loops.forEach((l, j) => {
        if (!loopNames.includes(l)) ctx.addIssue({ code: 'custom', path: ['series', i, 'loops', j], message: `unknown loop; loops: ${loopNames.join(', ')}` });
      }),
    );
  });
  return loadYamlFile(file, schema);
}
