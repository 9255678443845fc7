/**
 * The parameters of each DLRN API endpoint. Values come as JSON or as query-string text (dlrnapi_client sends
 * booleans as "True"/"false" strings and numbers either way), so booleans follow Python's strtobool and integers
 * may be digits in a string. Unknown fields are ignored, as DLRN does.
 */
import { z } from 'zod';
import { ApiError } from './dlrn-request.js';

const MISSING = 'missing';
const TRUE = ['y', 'yes', 't', 'true', 'on', '1'];
const FALSE = ['n', 'no', 'f', 'false', 'off', '0'];

const text = () =>
  z
    .string({ error: (iss) => (iss.input === undefined ? MISSING : 'must be a string') })
    .min(1, 'must not be empty')
    .max(1024, 'longer than 1024 characters');
const optionalText = () =>
  text()
    .nullish()
    .transform((v) => v ?? undefined);

const boolish = () =>
  z
    .preprocess(
      (v) => (typeof v === 'string' ? v.trim().toLowerCase() : typeof v === 'number' ? String(v) : v),
      z.union([z.boolean(), z.enum([...TRUE, ...FALSE])], { error: 'must be true or false' }),
    )
    .transform((v) => (typeof v === 'boolean' ? v : TRUE.includes(v)))
    .nullish()
    .transform((v) => v ?? undefined);

function integer(min: number, options: { fraction?: boolean } = {}) {
  const digits = options.fraction ? /^\s*-?\d+(\.\d+)?\s*$/ : /^\s*-?\d+\s*$/;
  return z.preprocess(
    (v) => (typeof v === 'string' && digits.test(v) ? Number(v) : v),
    z
      .number({ error: (iss) => (iss.input === undefined ? MISSING : 'must be an integer') })
      .refine((n) => options.fraction || Number.isInteger(n), 'must be an integer')
      .transform((n) => Math.floor(n))
      .refine((n) => n >= min, `must be at least ${min}`)
      .refine((n) => n <= Number.MAX_SAFE_INTEGER / 1000, 'is too large'),
  );
}

/** An aggregate hash is the md5 of an aggregate repo file. */
const md5Hex = () => text().pipe(z.string().regex(/^[0-9a-f]{32}$/, 'must be an md5 hex hash (32 characters 0-9a-f)'));
const optionalMd5 = () =>
  md5Hex()
    .nullish()
    .transform((v) => v ?? undefined);

const repoHashes = { commit_hash: text(), distro_hash: text(), extended_hash: optionalText() };

export const repoStatusParams = z.object({ ...repoHashes, success: boolish() });

const lastTestedFields = {
  max_age: integer(0),
  success: boolish(),
  job_id: optionalText(),
  sequential_mode: boolish(),
  previous_job_id: optionalText(),
  component: optionalText(),
  aggregate_hash: optionalMd5(),
};
const sequentialNeedsPrevious = (p: { sequential_mode?: boolean; previous_job_id?: string }) => !p.sequential_mode || p.previous_job_id !== undefined;
const needsPrevious = { error: 'Missing parameter previous_job_id (sequential_mode is set)' };

export const lastTestedRepoParams = z.object(lastTestedFields).refine(sequentialNeedsPrevious, needsPrevious);
export const useLastTestedRepoParams = z.object({ ...lastTestedFields, reporting_job_id: text() }).refine(sequentialNeedsPrevious, needsPrevious);

export const reportResultParams = z
  .object({
    job_id: text(),
    url: z.string({ error: (iss) => (iss.input === undefined ? MISSING : 'must be a string') }).max(4096, 'longer than 4096 characters'),
    timestamp: integer(0, { fraction: true }),
    success: boolish().refine((v) => v !== undefined, MISSING),
    notes: z
      .string({ error: 'must be a string' })
      .max(65536, 'longer than 65536 characters')
      .nullish()
      .transform((v) => v ?? ''),
    commit_hash: optionalText(),
    distro_hash: optionalText(),
    extended_hash: optionalText(),
    aggregate_hash: optionalText(),
  })
  .superRefine((p, ctx) => {
    const byRepo = p.commit_hash !== undefined || p.distro_hash !== undefined;
    if (byRepo && p.aggregate_hash !== undefined) ctx.addIssue({ code: 'custom', message: 'aggregate_hash and commit/distro_hash cannot be combined' });
    else if (!byRepo && p.aggregate_hash === undefined)
      ctx.addIssue({ code: 'custom', message: 'Missing parameters: commit_hash and distro_hash, or aggregate_hash' });
    else if (byRepo && (p.commit_hash === undefined || p.distro_hash === undefined))
      ctx.addIssue({ code: 'custom', message: 'commit_hash and distro_hash must be given together' });
  });

export const promoteParams = z.object({ ...repoHashes, promote_name: text() });
export const promoteBatchParams = z
  .array(promoteParams, { error: 'the JSON body must be a list of promotions' })
  .min(1, 'the list of promotions is empty')
  .max(100, 'at most 100 promotions at once');

export const promotionsParams = z
  .object({
    commit_hash: optionalText(),
    distro_hash: optionalText(),
    extended_hash: optionalText(),
    aggregate_hash: optionalMd5(),
    promote_name: optionalText(),
    component: optionalText(),
    offset: integer(0).optional(),
    limit: integer(0).optional(),
  })
  .refine((p) => (p.commit_hash === undefined) === (p.distro_hash === undefined), {
    error: 'Both commit_hash and distro_hash must be specified if any of them is.',
  });

/** A day as DLRN's strptime('%Y-%m-%d') reads it: month and day may have one digit (`2020-1-1`). */
const date = () =>
  z
    .string({ error: (iss) => (iss.input === undefined ? MISSING : 'must be a string') })
    .regex(/^\d{4}-\d{1,2}-\d{1,2}$/, 'Invalid date format, it must be YYYY-mm-dd')
    .transform((s, ctx) => {
      const [y, m, d] = s.split('-') as [string, string, string];
      const day = `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
      const ms = Date.parse(`${day}T00:00:00Z`);
      if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== day) {
        ctx.addIssue({ code: 'custom', message: 'Invalid date format, it must be YYYY-mm-dd' });
        return z.NEVER;
      }
      return ms;
    });

export const buildMetricsParams = z.object({ start_date: date(), end_date: date(), package_name: optionalText() });

export const recheckPackageParams = z.object({ package_name: text() });

/** Validates parameters against a schema; ApiError 400 naming what is missing and what is wrong. */
export function parseParams<S extends z.ZodType>(schema: S, params: unknown): z.output<S> {
  const result = schema.safeParse(params);
  if (result.success) return result.data;
  const missing: string[] = [];
  const wrong: string[] = [];
  for (const issue of result.error.issues) {
    const where = issue.path.map(String).join('.');
    if (issue.message === MISSING) missing.push(where);
    else wrong.push(where ? `${where} ${issue.message}` : issue.message);
  }
  const parts = [missing.length ? `Missing parameters: ${missing.join(', ')}` : '', ...wrong].filter(Boolean);
  throw new ApiError(400, parts.join('; '));
}

export const aggStatusParams = z.object({
  aggregate_hash: md5Hex(),
  success: boolish(),
});

export const remoteImportParams = z.object({ repo_url: text() });
