import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { loadYamlFile } from '../config/yaml-file.js';

export const STATUS_FILE = 'status.yml';

/** The engine parts an `internal` probe can read (from the engine's facts, or the data directory's disk). */
export const INTERNAL_PARTS = ['trunk', 'promoter', 'pool', 'replica', 'backup', 'disk'] as const;
export type InternalPart = (typeof INTERNAL_PARTS)[number];

const seconds = (max: number) => z.number().positive().max(max);
const name = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'a service name is lowercase letters, digits, ".", "_" and "-", starting alphanumeric')
  .max(64);

/** `{served}` at the start of a URL is the daemon's own (`serve`), so a probe can name it whatever --listen says. */
export const SERVED = '{served}';
const withServed = (u: string) => (u.startsWith(SERVED) ? `http://127.0.0.1${u.slice(SERVED.length)}` : u);
const httpUrl = z
  .string()
  .refine((u) => URL.canParse(withServed(u)) && /^https?:$/.test(new URL(withServed(u)).protocol), 'not an http:// or https:// URL (or {served}/path)');

const hostPort = z.string().regex(/^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/, 'host:port, like 127.0.0.1:5432');

const probe = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('http'), url: httpUrl, expect: z.number().int().min(100).max(599).default(200), timeout: seconds(300).default(5) }).strict(),
    z
      .object({
        kind: z.literal('tcp'),
        address: hostPort.refine((a) => Number(a.slice(a.lastIndexOf(':') + 1)) <= 65535, 'port above 65535'),
        timeout: seconds(300).default(5),
      })
      .strict(),
    z.object({ kind: z.literal('command'), argv: z.array(z.string().min(1)).min(1).max(64), timeout: seconds(600).default(10) }).strict(),
    z
      .object({
        kind: z.literal('internal'),
        part: z.enum(INTERNAL_PARTS, { error: `unknown internal part; parts: ${INTERNAL_PARTS.join(', ')}` }),
        /** trunk, promoter, backup: the oldest acceptable last pass or backup; replica: the largest acceptable lag. */
        'max-age': seconds(365 * 86_400).optional(),
        /** disk: the smallest acceptable free share of the data directory's file system (0–1). */
        'min-free': z.number().min(0).max(1).default(0.05),
      })
      .strict(),
  ],
  { error: (issue) => (issue.code === 'invalid_union' ? 'unknown probe kind; kinds: http, tcp, command, internal' : undefined) },
);

const rule = z
  .object({
    /** Consecutive failures before partial_outage, and before major_outage. */
    failures: z.number().int().min(1).max(100).default(2),
    'major-after': z.number().int().min(1).max(100).default(4),
    /** A success slower than this (ms), `failures` times in a row, is degraded_performance. */
    'degraded-ms': z.number().int().positive().max(600_000).default(2000),
    /** Consecutive good results before a service is better again. */
    recover: z.number().int().min(1).max(100).default(2),
  })
  .strict()
  .refine((r) => r['major-after'] >= r.failures, { message: 'major-after must be at least failures', path: ['major-after'] });

const service = z
  .object({
    name,
    group: z.string().min(1).max(64).default('Services'),
    description: z.string().max(300).optional(),
    probe,
    rule: rule.prefault({}),
  })
  .strict();

export const statusFileSchema = z
  .object({
    status: z
      .object({
        /** Seconds between probe rounds. */
        interval: seconds(3600).default(30),
        /** Probes running at once. */
        concurrency: z.number().int().min(1).max(256).default(16),
        'page-name': z.string().min(1).max(100).default('RDO'),
        /** Days of probe results kept (the daily uptime rows are kept for good). */
        'keep-results-days': z.number().int().min(1).max(90).default(2),
      })
      .strict()
      .prefault({}),
    services: z.array(service).max(2000).default([]),
  })
  .strict()
  .superRefine((f, ctx) => {
    const seen = new Map<string, number>();
    f.services.forEach((s, i) => {
      const first = seen.get(s.name);
      if (first !== undefined)
        ctx.addIssue({ code: 'custom', path: ['services', i, 'name'], message: `service name used twice (first at services[${first}])` });
      else seen.set(s.name, i);
    });
  });

export type StatusFile = z.output<typeof statusFileSchema>;
export type ServiceConfig = StatusFile['services'][number];
export type ProbeConfig = ServiceConfig['probe'];
export type RuleConfig = ServiceConfig['rule'];

/**
 * The services this engine probes: one whose probe names the daemon (`{served}`) only while a daemon serves it —
 * an embedded console has no daemon, and a service that cannot exist here is not "down".
 */
export function servicesHere(services: readonly ServiceConfig[], servedAt: string | null): ServiceConfig[] {
  return services.flatMap((s) => {
    if (s.probe.kind !== 'http' || !s.probe.url.startsWith(SERVED)) return [s];
    return servedAt === null ? [] : [{ ...s, probe: { ...s.probe, url: `${servedAt.replace(/\/$/, '')}${s.probe.url.slice(SERVED.length)}` } }];
  });
}

export interface StatusConfig {
  intervalMs: number;
  concurrency: number;
  pageName: string;
  keepResultsMs: number;
  services: ServiceConfig[];
}

/** config/status.yml, or no services when the file is absent. `{data}` in a command's argv is the data directory. */
export function loadStatusConfig(configDir: string, dataDir: string): StatusConfig {
  const file = join(configDir, STATUS_FILE);
  const f = existsSync(file) ? loadYamlFile(file, statusFileSchema) : statusFileSchema.parse({});
  return {
    intervalMs: f.status.interval * 1000,
    concurrency: f.status.concurrency,
    pageName: f.status['page-name'],
    keepResultsMs: f.status['keep-results-days'] * 86_400_000,
    services: f.services.map((s) =>
      s.probe.kind === 'command' ? { ...s, probe: { ...s.probe, argv: s.probe.argv.map((a) => a.replaceAll('{data}', dataDir)) } } : s,
    ),
  };
}
