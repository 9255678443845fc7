declare module '../events.js' {
  interface EventPayloads {
    'release.branched': { release: string; created: string[]; existing: string[] };
    'release.build-started': { release: string; package: string; nvr: string; buildId: number };
    'release.build-finished': { release: string; package: string; nvr: string; buildId: number; ok: boolean; error: string | null; durationMs: number };
    'release.tagged': { tag: string; nvrs: string[]; action: 'tag' | 'untag'; reason: string | null };
    'release.mass-tagged': { from: string; to: string; nvrs: string[]; forced: boolean; reason: string | null; failingJobs: string[]; unresolved: string[] };
    'release.composed': {
      release: string;
      tag: string;
      composeId: number;
      kind: 'gate' | 'signed';
      closure: 'pass' | 'fail';
      packages: number;
      unresolved: string[];
    };
    'release.gated': { release: string; composeId: number; job: string; ok: boolean; error: string | null };
    'release.signed': { release: string; composeId: number; key: string; rpms: number };
    'release.published': { release: string; composeId: number; path: string };
  }
}

export const RELEASES_EVENTS = [
  'release.branched',
  'release.build-started',
  'release.build-finished',
  'release.tagged',
  'release.mass-tagged',
  'release.composed',
  'release.gated',
  'release.signed',
  'release.published',
] as const;
