import { join, resolve } from 'node:path';
import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument } from 'yaml';
import { ConfigError } from './errors.js';
import { loadYamlFile, locatedError } from './yaml-file.js';
import { loadPipeline, PIPELINE_FILE, type PipelineConfig } from './pipeline.js';
import { loadSigning, type SigningConfig } from './releases.js';
import { rdoinfoSchema, trunkSchema, type DemoSettings, type RdoinfoFile, type TrunkSettings } from './schema.js';

export interface PackageConfig {
  name: string;
  project: string;
  upstream: string;
  upstreamBranch: string;
  distgit: string;
  distgitBranch: string;
  maintainers: string[];
  component: string;
  tags: string[];
}

export interface ReleaseConfig {
  name: string;
  /** The upstream branch its release tags are on. */
  branch?: string;
  gaDate?: string;
  distro?: string;
  status?: 'development' | 'maintained' | 'eol';
  distgitBranch: string;
}

export interface Config {
  configDir: string;
  dataDir: string;
  releases: ReleaseConfig[];
  packages: PackageConfig[];
  trunk: TrunkSettings;
  demo: DemoSettings;
  /** pool, jobs and promotion chain from pipeline.yml (empty when the file is absent). */
  pipeline: PipelineConfig;
  /** The release signing key from releases.yml (null when the file is absent). */
  signing: SigningConfig | null;
}

export const CONFIG_FILES = { rdoinfo: 'rdoinfo.yml', trunk: 'trunk.yml' } as const;

/** Loads and validates every file of a config directory. Throws ConfigError; never writes. */
export function loadConfig(configDir: string, dataDir: string): Config {
  const dir = resolve(configDir);
  const rdoinfoFile = join(dir, CONFIG_FILES.rdoinfo);
  const rdoinfo = loadYamlFile(rdoinfoFile, rdoinfoSchema);
  const trunkFile = loadYamlFile(join(dir, CONFIG_FILES.trunk), trunkSchema);
  checkReleases(rdoinfoFile, rdoinfo, trunkFile.trunk.distro);
  const pipeline = loadPipeline(dir);
  const aggregateTarget = pipeline.promotions.findIndex((t) => t.aggregate);
  if (aggregateTarget >= 0 && !trunkFile.trunk['use-components'])
    throw lazyLocator(join(dir, PIPELINE_FILE))(['promotions', aggregateTarget, 'aggregate'], 'promotes on aggregates, which needs use-components: true in trunk.yml');
  return {
    configDir: dir,
    dataDir: resolve(dataDir),
    releases: rdoinfo.releases.map((r) => ({
      name: r.name,
      branch: r.branch,
      gaDate: r['ga-date'],
      distro: r.distro,
      status: r.status,
      distgitBranch: r['distgit-branch'] ?? `${r.name}-rdo`,
    })),
    packages: resolvePackages(rdoinfoFile, rdoinfo, resolve(dataDir)),
    trunk: trunkFile.trunk,
    demo: trunkFile.demo,
    pipeline,
    signing: loadSigning(dir, resolve(dataDir)),
  };
}

const REQUIRED = ['upstream', 'upstream-branch', 'distgit', 'distgit-branch', 'maintainers', 'component'] as const;

function resolvePackages(file: string, rdoinfo: RdoinfoFile, dataDir: string): PackageConfig[] {
  const lazyDoc = lazyLocator(file);
  const seen = new Set<string>();
  return rdoinfo.packages.map((pkg, i) => {
    if (seen.has(pkg.name)) throw lazyDoc(['packages', i, 'name'], 'duplicate package name');
    seen.add(pkg.name);
    const template = pkg.conf === undefined ? {} : rdoinfo['package-configs'][pkg.conf];
    if (!template) throw lazyDoc(['packages', i, 'conf'], 'names no entry of package-configs');
    const merged = { ...template, ...pkg };
    for (const field of REQUIRED) {
      if (merged[field] === undefined) {
        throw lazyDoc(['packages', i], `package "${pkg.name}" has no ${field} (neither its own nor from conf)`);
      }
    }
    const fill = (s: string) => s.replaceAll('{name}', pkg.name).replaceAll('{project}', pkg.project ?? pkg.name).replaceAll('{datadir}', dataDir);
    return {
      name: pkg.name,
      project: pkg.project ?? pkg.name,
      upstream: fill(merged.upstream!),
      upstreamBranch: merged['upstream-branch']!,
      distgit: fill(merged.distgit!),
      distgitBranch: merged['distgit-branch']!,
      maintainers: merged.maintainers!,
      component: merged.component!,
      tags: merged.tags ?? [],
    };
  });
}

/** A release built for another distro than the trunk's, or a package tag naming no release, is a mistake. */
function checkReleases(file: string, rdoinfo: RdoinfoFile, trunkDistro: string): void {
  const fail = lazyLocator(file);
  const names = new Set<string>();
  rdoinfo.releases.forEach((r, i) => {
    if (names.has(r.name)) throw fail(['releases', i, 'name'], 'duplicate release name');
    names.add(r.name);
    if (r.distro !== undefined && r.distro !== trunkDistro) throw fail(['releases', i, 'distro'], `release "${r.name}" is for ${r.distro} but the trunk builds for ${trunkDistro} (trunk.yml trunk.distro)`);
  });
  const known = [...names].join(', ');
  for (const [conf, template] of Object.entries(rdoinfo['package-configs'])) {
    template.tags?.forEach((t, k) => {
      if (!names.has(t)) throw fail(['package-configs', conf, 'tags', k], `names no release (releases: ${known})`);
    });
  }
  rdoinfo.packages.forEach((pkg, i) => {
    pkg.tags?.forEach((t, k) => {
      if (!names.has(t)) throw fail(['packages', i, 'tags', k], `names no release (releases: ${known})`);
    });
  });
}

function lazyLocator(file: string) {
  return (path: (string | number)[], message: string): ConfigError => {
    const lineCounter = new LineCounter();
    const doc = parseDocument(readFileSync(file, 'utf8'), { lineCounter });
    return locatedError(file, doc, lineCounter, path, message);
  };
}
