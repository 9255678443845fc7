/**
 * Reading another DLRN-style hashed repo over HTTP (DLRN's remote import): its commit.yaml, its repodata, and
 * the build's RPMs and source RPM, each checked against the checksum the repodata gives. Throws EngineError
 * ('bad-request') naming what was wrong; downloads go to a directory the caller discards on failure.
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parse } from 'yaml';
import { z } from 'zod';
import { EngineError } from '../errors.js';

const hex = (min: number) => z.string().regex(new RegExp(`^[0-9a-f]{${min},64}$`), 'must be a hex hash');
const seconds = z.union([z.number(), z.string().regex(/^\d+$/)]).transform((v) => Number(v) * 1000);
const commitYamlSchema = z.object({
  commits: z
    .array(
      z.object({
        project_name: z.string().min(1),
        commit_hash: hex(7),
        distro_hash: hex(8),
        extended_hash: z
          .string()
          .nullish()
          .transform((v) => (v && v !== 'None' ? v : null)),
        commit_branch: z.string().default('master'),
        dt_commit: seconds,
        dt_distro: seconds,
        status: z.string().optional(),
      }),
    )
    .min(1, 'lists no commit'),
});

export type RemoteCommit = z.infer<typeof commitYamlSchema>['commits'][number];

export interface RemotePackage {
  name: string;
  arch: string;
  href: string;
  sha256: string;
  sourcerpm: string;
}

export interface RemoteBuild {
  commit: RemoteCommit;
  /** Downloaded and verified: the source RPM first, then the binary RPMs built from it. */
  files: string[];
  nvr: string;
}

/** Why a repo_url cannot be imported from, or null. */
export function repoUrlProblem(repoUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(repoUrl);
  } catch {
    return `repo_url ${JSON.stringify(repoUrl)} is not a URL`;
  }
  return url.protocol === 'http:' || url.protocol === 'https:' ? null : `repo_url must be an http(s) URL (got ${url.protocol}//)`;
}

async function fetchBytes(url: string, timeoutMs: number): Promise<Buffer> {
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'error' });
  } catch (err) {
    throw new EngineError('bad-request', `cannot fetch ${url}: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!res.ok) throw new EngineError('bad-request', `cannot fetch ${url}: HTTP ${res.status}`);
  return Buffer.from(await res.arrayBuffer());
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

export function parseCommitYaml(text: string, where: string): RemoteCommit {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (err) {
    throw new EngineError('bad-request', `${where} does not parse: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
  }
  const r = commitYamlSchema.safeParse(doc);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new EngineError('bad-request', `${where} does not parse: ${issue.path.join('.') || 'the document'} ${issue.message}`);
  }
  return r.data.commits[0]!;
}

/** The packages of a primary.xml: name, arch, location and sha256 (repodata written by createrepo_c). */
export function primaryPackages(xml: string): RemotePackage[] {
  return [...xml.matchAll(/<package type="rpm">([\s\S]*?)<\/package>/g)].map((m) => {
    const p = m[1]!;
    const field = (re: RegExp) => re.exec(p)?.[1] ?? '';
    return {
      name: field(/<name>([^<]+)<\/name>/),
      arch: field(/<arch>([^<]+)<\/arch>/),
      href: field(/<location href="([^"]+)"/),
      sha256: field(/<checksum type="sha256" pkgid="YES">([0-9a-f]{64})<\/checksum>/),
      sourcerpm: field(/<rpm:sourcerpm>([^<]*)<\/rpm:sourcerpm>/),
    };
  });
}

export async function fetchRemoteBuild(repoUrl: string, downloadDir: string, timeoutMs = 120_000): Promise<RemoteBuild> {
  const problem = repoUrlProblem(repoUrl);
  if (problem) throw new EngineError('bad-request', problem);
  const base = repoUrl.replace(/\/+$/, '');
  const commit = parseCommitYaml((await fetchBytes(`${base}/commit.yaml`, timeoutMs)).toString('utf8'), `${base}/commit.yaml`);
  const repomd = (await fetchBytes(`${base}/repodata/repomd.xml`, timeoutMs)).toString('utf8');
  const primary = /<data type="primary">([\s\S]*?)<\/data>/.exec(repomd)?.[1];
  const primaryHref = primary && /<location href="([^"]+)"/.exec(primary)?.[1];
  const primarySum = primary && /<checksum type="sha256">([0-9a-f]{64})<\/checksum>/.exec(primary)?.[1];
  if (!primaryHref || !primarySum || primaryHref.includes('..'))
    throw new EngineError('bad-request', `${base}/repodata/repomd.xml names no sha256 primary metadata`);
  const primaryGz = await fetchBytes(`${base}/${primaryHref}`, timeoutMs);
  if (sha256(primaryGz) !== primarySum)
    throw new EngineError('bad-request', `checksum mismatch for ${primaryHref}: repomd.xml says ${primarySum}, got ${sha256(primaryGz)}`);
  const packages = primaryPackages(gunzipSync(primaryGz).toString('utf8'));
  const srpm = packages.find((p) => p.arch === 'src' && p.name === commit.project_name);
  if (!srpm) throw new EngineError('bad-request', `${base} has no source RPM of ${commit.project_name}`);
  const built = [srpm, ...packages.filter((p) => p.arch !== 'src' && p.sourcerpm === basename(srpm.href))];
  const files: string[] = [];
  for (const p of built) {
    if (p.href.includes('..') || p.href.startsWith('/') || !p.sha256)
      throw new EngineError('bad-request', `${base}: package ${p.name} has an unusable location or checksum`);
    const bytes = await fetchBytes(`${base}/${p.href}`, timeoutMs);
    const got = sha256(bytes);
    if (got !== p.sha256) throw new EngineError('bad-request', `checksum mismatch for ${basename(p.href)}: the repodata says ${p.sha256}, got ${got}`);
    const file = join(downloadDir, basename(p.href));
    writeFileSync(file, bytes);
    files.push(file);
  }
  return { commit, files, nvr: basename(srpm.href).replace(/\.src\.rpm$/, '') };
}
