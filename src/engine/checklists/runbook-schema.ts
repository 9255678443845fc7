import { z } from 'zod';

const id = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must match [a-z0-9][a-z0-9-]*');

/** A condition over the engine's facts (`{release}` filled in): exactly one comparison. */
export const conditionSchema = z
  .object({
    fact: z.string().min(1),
    equals: z.union([z.number(), z.string(), z.boolean(), z.null()]).optional(),
    'at-most': z.number().optional(),
    'at-least': z.number().optional(),
  })
  .strict()
  .refine((c) => [c.equals, c['at-most'], c['at-least']].filter((v) => v !== undefined).length === 1, 'give exactly one of equals, at-most, at-least');

/** The points of a run that RDO's references time: stable tags, published repositories, builds and CI done. */
export const MILESTONES = ['stable-tagged', 'published', 'builds-ci'] as const;

export const stepSchema = z
  .object({
    id,
    title: z.string().min(1),
    kind: z.enum(['manual', 'engine', 'check']),
    /** engine: the command and its arguments (strings may hold `{release}`). */
    command: z.string().min(1).optional(),
    args: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
    /** engine: the step is done once these hold too (a build that the command started has finished). */
    until: z.array(conditionSchema).optional(),
    /** check: what must hold. */
    check: conditionSchema.optional(),
    /** check: a fact shown while it waits (e.g. which packages still lack a build). */
    detail: z.string().min(1).optional(),
    needs: z.array(id).default([]),
    role: z.string().min(1).default('release-manager'),
    minutes: z
      .number()
      .min(0)
      .max(24 * 60),
    critical: z.boolean().default(false),
    milestone: z.enum(MILESTONES).optional(),
    /** manual: marking it done is T0 (the upstream GA announcement) when the run was started without one. */
    'sets-t0': z.boolean().default(false),
  })
  .strict();

export const runbookSchema = z
  .object({
    name: id,
    title: z.string().min(1),
    steps: z.array(stepSchema).min(1, 'a checklist needs at least one step'),
  })
  .strict();

export type Condition = z.output<typeof conditionSchema>;
export type Step = z.output<typeof stepSchema>;
export type Runbook = z.output<typeof runbookSchema>;
export type Milestone = (typeof MILESTONES)[number];
