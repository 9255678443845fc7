import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { loadYamlFile } from './yaml-file.js';

export const RELEASES_FILE = 'releases.yml';

export interface SigningConfig {
  /** The GnuPG home holding the secret key ({datadir} filled in). */
  gnupghome: string;
  /** A key id, fingerprint or user id gpg can find there. */
  key: string;
}

const releasesSchema = z
  .object({
    signing: z
      .object({
        gnupghome: z.string().min(1, 'must not be empty'),
        key: z
          .string()
          .min(1, 'must not be empty')
          .refine((k) => !k.startsWith('-'), 'must not start with "-"'),
      })
      .strict()
      .optional(),
  })
  .strict();

/** Loads the signing settings of `releases.yml`; a missing file (or no `signing:`) means no key. */
export function loadSigning(configDir: string, dataDir: string): SigningConfig | null {
  const file = join(resolve(configDir), RELEASES_FILE);
  if (!existsSync(file)) return null;
  const raw = loadYamlFile(file, releasesSchema);
  if (!raw.signing) return null;
  return { gnupghome: resolve(raw.signing.gnupghome.replaceAll('{datadir}', dataDir)), key: raw.signing.key };
}
