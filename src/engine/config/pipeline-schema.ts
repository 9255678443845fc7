import { z } from 'zod';

const name = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'must match [A-Za-z0-9][A-Za-z0-9._-]*');
const seconds = (max: number) => z.number().int('must be a whole number of seconds').min(1, 'must be at least 1 second').max(max, `must be at most ${max} seconds`);

/** The variables a job gets in its environment; `${NAME}` in a job's argv is replaced by their values. */
export const JOB_ENV_NAMES = ['REPO_PATH', 'REPO_URL', 'COMMIT_HASH', 'DISTRO_HASH', 'EXTENDED_HASH', 'JOB_NAME', 'NODE_WORKSPACE'] as const;
export type JobEnvName = (typeof JOB_ENV_NAMES)[number];

export const poolSchema = z
  .object({
    provider: z.enum(['local']).default('local'),
    label: name.default('local'),
    /** 0 drains the pool (as in nodepool): no node is launched and node requests are declined. */
    'max-servers': z.number().int().min(0).max(256),
    'min-ready': z.number().int().min(0).max(256).default(1),
    /** Retries after a failed launch; the node is `failed` after 1 + launch-retries attempts. */
    'launch-retries': z.number().int().min(0).max(20).default(3),
    'max-ready-age': seconds(30 * 86_400).default(3600),
  })
  .strict();

export const jobSchema = z
  .object({
    name,
    argv: z.array(z.string().min(1, 'must not be empty')).min(1, 'must name a program').optional(),
    /** A script file, relative to the config directory; run as `/bin/sh <file>`. */
    script: z.string().min(1).optional(),
    /** Votes come from outside (the API); the engine never runs it. */
    external: z.boolean().default(false),
    timeout: seconds(86_400).default(1800),
    trigger: name.optional(),
    node: name.optional(),
  })
  .strict();

export const promotionSchema = z
  .object({
    label: name,
    candidate_label: name.optional(),
    criteria: z.array(name).optional(),
    /** Per criterion, jobs whose success vote counts in its place. */
    alternative_criteria: z.record(z.string(), z.array(name)).default({}),
    /**
     * Components on: candidates are the aggregates candidate_label held, their votes those on the aggregate hash;
     * promoting one moves every component's hash in it in one batch.
     */
    aggregate: z.boolean().default(false),
  })
  .strict();

export const pipelineSchema = z
  .object({
    pool: poolSchema.optional(),
    jobs: z.array(jobSchema).default([]),
    promotions: z.array(promotionSchema).default([]),
    promoter: z.object({ interval: seconds(86_400).default(60) }).strict().default({ interval: 60 }),
    /** Per release: the stable promotion jobs that gate its mass-tag into `<release>-release`. */
    releases: z.record(z.string(), z.object({ gate: z.array(name).default([]) }).strict()).default({}),
  })
  .strict();

export type PipelineFile = z.infer<typeof pipelineSchema>;
export type PoolSettings = z.infer<typeof poolSchema>;
