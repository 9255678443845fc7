import { z } from 'zod';

/** Starts with an alphanumeric: never `.`, `..` or an option such as `--help`, so it is safe as a path segment. */
export const PACKAGE_NAME = /^[A-Za-z0-9][A-Za-z0-9._+-]*$/;
const packageName = z.string().max(128, 'must be at most 128 characters').regex(PACKAGE_NAME, 'must match [A-Za-z0-9][A-Za-z0-9._+-]*');
/** Whole seconds (or days) up to a sane maximum; every one stays far below Node's 2^31 ms timer limit. */
const upTo = (max: number, unit: string) => z.number().int(`must be a whole number of ${unit}`).min(1, `must be at least 1`).max(max, `must be at most ${max} ${unit}`);
const nonEmpty = z.string().min(1, 'must not be empty');
const branch = z.string().regex(/^[A-Za-z0-9._/+-]+$/, 'must be a git branch name').refine((b) => !b.startsWith('-'), 'must not start with "-"');
const gitUrl = nonEmpty.refine((u) => !u.startsWith('-'), 'must not start with "-"');

/** Fields a package can take from a package-config template (rdoinfo's `package-configs`). */
const templateFields = {
  upstream: gitUrl.optional(),
  'upstream-branch': branch.optional(),
  distgit: gitUrl.optional(),
  'distgit-branch': branch.optional(),
  maintainers: z.array(z.string()).optional(),
  /** A path segment under repos/component/ when the trunk runs with components. */
  component: z.string().max(128, 'must be at most 128 characters').regex(PACKAGE_NAME, 'must match [A-Za-z0-9][A-Za-z0-9._+-]*').optional(),
  tags: z.array(z.string()).optional(),
};

export const rdoinfoSchema = z
  .object({
    releases: z
      .array(
        z.object({
          name: packageName,
          branch: branch.optional(),
          'ga-date': z.string().optional(),
          distro: z.string().optional(),
          status: z.enum(['development', 'maintained', 'eol']).optional(),
          /** The release's distgit branch (default `<name>-rdo`), branched from each package's distgit branch. */
          'distgit-branch': branch.optional(),
        }).strict(),
      )
      .min(1, 'must list at least one release'),
    'package-configs': z.record(z.string(), z.object(templateFields).strict()).default({}),
    packages: z
      .array(
        z.object({ name: packageName, project: z.string().optional(), conf: z.string().optional(), ...templateFields }).strict(),
      )
      .min(1, 'must list at least one package'),
  })
  .strict();

export const trunkSchema = z
  .object({
    trunk: z
      .object({
        workers: z.number().int().min(1).max(64).default(2),
        maxretries: z.number().int().min(0).max(20).default(3),
        reponame: packageName.default('delorean'),
        baseurl: nonEmpty.default('http://127.0.0.1:8080/repos'),
        distro: z.string().regex(/^[a-z0-9._-]+$/).default('el9'),
        'build-driver': z.enum(['rpmbuild']).default('rpmbuild'),
        'build-timeout': upTo(86_400, 'seconds').default(3600),
        'release-numbering': z.enum(['0.date.hash', '0.1.date.hash']).default('0.date.hash'),
        'purge-age': upTo(3650, 'days').default(14),
        'run-interval': upTo(86_400, 'seconds').default(60),
        /** DLRN's use_components: hashed repos per component, top-level labels aggregate the components' repo files. */
        'use-components': z.boolean().default(false),
        /** DLRN's rsyncdest: a local path or `[user@]host:path` each published repository is copied to. */
        rsyncdest: z
          .string()
          .min(1, 'must not be empty')
          .refine((d) => !d.startsWith('-'), 'must not start with "-"')
          .optional(),
      })
      .strict(),
    demo: z
      .object({
        activity: z.boolean().default(false),
        'activity-interval': upTo(86_400, 'seconds').default(30),
      })
      .strict()
      .default({ activity: false, 'activity-interval': 30 }),
  })
  .strict();

export type RdoinfoFile = z.infer<typeof rdoinfoSchema>;
export type TrunkFile = z.infer<typeof trunkSchema>;
export type TrunkSettings = TrunkFile['trunk'];
export type DemoSettings = TrunkFile['demo'];
