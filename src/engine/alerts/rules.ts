import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { loadYamlFile } from '../config/yaml-file.js';
import { defaultConfigDir } from '../paths.js';
import { capturesOf, type Comparator, type Condition } from './condition.js';
import { parseDuration } from './duration.js';

export const ALERTS_FILE = 'alerts.yml';
export const SEVERITIES = ['critical', 'warning', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Where the console jumps for an alert: a pane, one of its lists and a row key (templates filled per alert). */
export interface Jump {
  pane: string;
  list: string;
  row: string;
}

export interface AlertRule {
  name: string;
  condition: Condition;
  forMs: number;
  severity: Severity;
  labels: Record<string, string>;
  summary: string;
  description: string | null;
  jump: Jump | null;
}

export interface Webhook {
  name: string;
  url: string;
  timeoutMs: number;
  /** Attempts after the first one fails. */
  retries: number;
  sendResolved: boolean;
}

export interface AlertsConfig {
  /** The file the rules came from (the shipped one when the config directory has none). */
  file: string;
  evaluationIntervalMs: number;
  externalUrl: string;
  groupBy: string[];
  webhooks: Webhook[];
  rules: AlertRule[];
}

const duration = (what: string) =>
  z.union([z.string(), z.number()]).transform((v, ctx) => {
    const ms = parseDuration(v);
    if (ms === null) {
      ctx.addIssue({ code: 'custom', message: `${what}: not a duration like 30s, 5m, 2h, 3d` });
      return z.NEVER;
    }
    return ms;
  });

const labelName = z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, 'a label name is letters, digits and _ (not starting with a digit)');
const scalar = z.union([z.string(), z.number(), z.boolean()]);
const COMPARATORS = ['equals', 'not-equals', 'in', 'not-in', 'above', 'below', 'at-least', 'at-most', 'exists'] as const;
const NUMERIC = ['above', 'below', 'at-least', 'at-most'];
/** Placeholders every template may use besides the fact pattern's captures (`age`: a value in seconds as 2d3h). */
const BUILTIN = ['value', 'fact', 'age'];

const ruleSchema = z
  .object({
    name: labelName,
    fact: z.string().min(1).max(300),
    equals: scalar.optional(),
    'not-equals': scalar.optional(),
    in: z.array(scalar).min(1).optional(),
    'not-in': z.array(scalar).min(1).optional(),
    above: z.number().optional(),
    below: z.number().optional(),
    'at-least': z.number().optional(),
    'at-most': z.number().optional(),
    exists: z.literal(true).optional(),
    thresholds: z.record(z.string(), z.number()).default({}),
    for: duration('for').default(0),
    severity: z.enum(SEVERITIES).default('warning'),
    labels: z.record(labelName, z.string().max(200)).default({}),
    summary: z.string().min(1).max(300),
    description: z.string().max(2000).optional(),
    jump: z
      .object({ pane: z.string().min(1), list: z.string().min(1), row: z.string().default('') })
      .strict()
      .optional(),
  })
  .strict()
  .superRefine((r, ctx) => {
    const given = COMPARATORS.filter((c) => r[c] !== undefined);
    if (given.length !== 1)
      ctx.addIssue({
        code: 'custom',
        path: given.length > 1 ? [given[1]!] : [],
        message: `give exactly one of ${COMPARATORS.join(', ')} (got ${given.length})`,
      });
    const captures = capturesOf(r.fact);
    if (new Set(captures).size !== captures.length) ctx.addIssue({ code: 'custom', path: ['fact'], message: 'a capture name appears twice in the pattern' });
    if (Object.keys(r.thresholds).length > 0) {
      if (captures.length === 0)
        ctx.addIssue({ code: 'custom', path: ['thresholds'], message: 'thresholds need a {capture} in fact (they are keyed by its value)' });
      if (!given.some((c) => NUMERIC.includes(c)))
        ctx.addIssue({ code: 'custom', path: ['thresholds'], message: 'thresholds need a numeric comparison (above, below, at-least, at-most)' });
    }
    if ('alertname' in r.labels || 'severity' in r.labels)
      ctx.addIssue({ code: 'custom', path: ['labels'], message: 'alertname and severity are set from the rule; do not give them as labels' });
    const known = new Set([...captures, ...BUILTIN]);
    const check = (text: string, path: (string | number)[]) => {
      for (const m of text.matchAll(/\{([^{}]*)\}/g))
        if (!known.has(m[1]!)) ctx.addIssue({ code: 'custom', path, message: `{${m[1]}} is neither a capture of fact nor one of ${BUILTIN.join(', ')}` });
    };
    check(r.summary, ['summary']);
    if (r.description) check(r.description, ['description']);
    for (const [k, v] of Object.entries(r.labels)) check(v, ['labels', k]);
    if (r.jump) for (const k of ['pane', 'list', 'row'] as const) check(r.jump[k], ['jump', k]);
  });

const webhookSchema = z
  .object({
    name: z.string().min(1).max(100).optional(),
    url: z.string().refine((u) => /^https?:\/\//.test(u) && URL.canParse(u), 'an http:// or https:// URL'),
    timeout: duration('timeout').default(10_000),
    retries: z.number().int().min(0).max(10).default(3),
    'send-resolved': z.boolean().default(true),
  })
  .strict();

export const alertsFileSchema = z
  .object({
    'evaluation-interval': duration('evaluation-interval').default(15_000),
    'external-url': z.string().url().default('http://127.0.0.1:8080'),
    'group-by': z.array(labelName).default(['alertname']),
    webhooks: z.array(webhookSchema).default([]),
    rules: z.array(ruleSchema).default([]),
  })
  .strict()
  .superRefine((f, ctx) => {
    if (f['evaluation-interval'] < 1000) ctx.addIssue({ code: 'custom', path: ['evaluation-interval'], message: 'at least 1s' });
  });

function comparatorOf(r: z.output<typeof ruleSchema>): Comparator {
  if (r.exists) return { op: 'exists' };
  for (const op of ['in', 'not-in'] as const) if (r[op] !== undefined) return { op, value: r[op] };
  for (const op of ['equals', 'not-equals'] as const) if (r[op] !== undefined) return { op, value: r[op] };
  for (const op of ['above', 'below', 'at-least', 'at-most'] as const) if (r[op] !== undefined) return { op, value: r[op] };
  throw new Error('unreachable: the schema requires one comparator');
}

export function alertsConfigOf(file: string, f: z.output<typeof alertsFileSchema>): AlertsConfig {
  return {
    file,
    evaluationIntervalMs: f['evaluation-interval'],
    externalUrl: f['external-url'].replace(/\/$/, ''),
    groupBy: f['group-by'],
    webhooks: f.webhooks.map((w, i) => ({
      name: w.name ?? `webhook-${i + 1}`,
      url: w.url,
      timeoutMs: w.timeout,
      retries: w.retries,
      sendResolved: w['send-resolved'],
    })),
    rules: f.rules.map((r) => ({
      name: r.name,
      condition: { fact: r.fact, comparator: comparatorOf(r), thresholds: r.thresholds },
      forMs: r.for,
      severity: r.severity,
      labels: r.labels,
      summary: r.summary,
      description: r.description ?? null,
      jump: r.jump ?? null,
    })),
  };
}

/**
 * config/alerts.yml; without one in the config directory, the shipped rules (the package's config/alerts.yml)
 * apply, so on-call always has them. Errors name the file, line and field.
 */
export function loadAlertsConfig(configDir: string): AlertsConfig {
  const own = join(configDir, ALERTS_FILE);
  const file = existsSync(own) ? own : join(defaultConfigDir(), ALERTS_FILE);
  if (!existsSync(file)) return alertsConfigOf(file, alertsFileSchema.parse({}));
  return alertsConfigOf(file, loadYamlFile(file, alertsFileSchema));
}
