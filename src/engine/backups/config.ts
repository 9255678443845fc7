import { existsSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { z } from 'zod';
import { loadYamlFile } from '../config/yaml-file.js';

export const BACKUPS_FILE = 'backups.yml';

const positiveInt = z.number().int().min(1);
/** Whole seconds up to `max`: a restic timeout past Node's 2^31 ms timer limit would fire at once. */
const seconds = (max: number) => positiveInt.max(max, `must be at most ${max} seconds`);
const keepCount = z.number().int().min(0).max(1000);

export const backupsSchema = z
  .object({
    backups: z
      .object({
        /** A restic repository URL (`sftp:host:/path`, `rest:https://…`) or a local path; default `<data>/backups`. */
        repository: z
          .string()
          .min(1, 'must not be empty')
          .refine((r) => !r.startsWith('-'), 'must not start with "-"')
          .optional(),
        'password-file': z.string().min(1, 'must not be empty').optional(),
        /** Seconds between scheduled backups (default daily). */
        interval: seconds(366 * 86_400).default(86_400),
        /** Seconds between `restic check` runs (default weekly). */
        'check-interval': seconds(366 * 86_400).default(604_800),
        keep: z
          .object({ daily: keepCount.default(7), weekly: keepCount.default(4), monthly: keepCount.default(6) })
          .strict()
          .default({ daily: 7, weekly: 4, monthly: 6 }),
        'timeout-seconds': seconds(86_400).default(3600),
      })
      .strict()
      .default({ interval: 86_400, 'check-interval': 604_800, keep: { daily: 7, weekly: 4, monthly: 6 }, 'timeout-seconds': 3600 }),
  })
  .strict();

export interface BackupsConfig {
  /** What restic is given as `-r`. */
  repository: string;
  /** True when the repository is a local path (on this host: not offsite). */
  local: boolean;
  passwordFile: string;
  intervalSec: number;
  checkIntervalSec: number;
  keep: { daily: number; weekly: number; monthly: number };
  timeoutMs: number;
}

const REMOTE = /^(sftp|rest|s3|b2|azure|gs|swift|rclone):/;

/** Loads `backups.yml` of a config directory; a missing file means the defaults (a local repository). */
export function loadBackupsConfig(configDir: string, dataDir: string): BackupsConfig {
  const file = join(resolve(configDir), BACKUPS_FILE);
  const raw = existsSync(file) ? loadYamlFile(file, backupsSchema).backups : backupsSchema.parse({}).backups;
  const repo = raw.repository ?? join(dataDir, 'backups');
  const local = !REMOTE.test(repo);
  const inData = (p: string) => (isAbsolute(p) ? p : resolve(dataDir, p));
  return {
    repository: local ? inData(repo.startsWith('local:') ? repo.slice(6) : repo) : repo,
    local,
    passwordFile: inData(raw['password-file'] ?? 'backups.password'),
    intervalSec: raw.interval,
    checkIntervalSec: raw['check-interval'],
    keep: raw.keep,
    timeoutMs: raw['timeout-seconds'] * 1000,
  };
}
