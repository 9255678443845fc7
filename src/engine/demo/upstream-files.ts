import type { DemoPackage } from './catalog.js';

/** File contents of a demo upstream commit, by path relative to the repository root. */
export interface FileContent {
  content: string;
  executable?: boolean;
}
export type FileSet = Record<string, FileContent>;

export interface HistoryCommit {
  message: string;
  /** Files added or changed by this commit. */
  files: FileSet;
  tags: string[];
}

export type DemoCommitKind = 'normal' | 'break' | 'fix' | 'flaky';

export const scriptPath = (pkg: DemoPackage) => `bin/${pkg.command}`;
export const CHANGELOG = 'ChangeLog';
export const README = 'README.md';
export const PREBUILD = 'ci/prebuild';

function script(pkg: DemoPackage, withVersion: boolean): string {
  return [
    '#!/bin/sh',
    `# ${pkg.command}: command-line entry point of the ${pkg.project} demo project.`,
    'set -eu',
    '',
    'usage() {',
    `  echo "usage: ${pkg.command} [--help]${withVersion ? ' [--version]' : ''}"`,
    '}',
    '',
    'case "${1:-}" in',
    '  --help|-h) usage ;;',
    ...(withVersion ? [`  --version) echo "${pkg.command} (${pkg.project})" ;;`] : []),
    `  *) echo "${pkg.command}: ${pkg.summary.toLowerCase()}" ;;`,
    'esac',
    '',
  ].join('\n');
}

function readme(pkg: DemoPackage, withUsage: boolean): string {
  return [
    `# ${pkg.project}`,
    '',
    `${pkg.summary}. A demo upstream project for the rdo-console trunk; its commits are generated.`,
    ...(withUsage ? ['', '## Usage', '', '```', `${pkg.command} --help`, '```'] : []),
    '',
  ].join('\n');
}

const appendEntry = (changelog: string, message: string) => `${changelog}* ${message}\n`;

/** The commits `demo init` writes upstream: 2–4 of them, the tags on the commits before the last. */
export function initialUpstreamHistory(pkg: DemoPackage): HistoryCommit[] {
  let changelog = 'CHANGES\n=======\n\n';
  const steps: { message: string; files: FileSet }[] = [
    {
      message: `Initial import of ${pkg.project}`,
      files: { [README]: { content: readme(pkg, false) }, [scriptPath(pkg)]: { content: script(pkg, false), executable: true } },
    },
    { message: `Add --version option to ${pkg.command}`, files: { [scriptPath(pkg)]: { content: script(pkg, true), executable: true } } },
    { message: 'Document usage in README', files: { [README]: { content: readme(pkg, true) } } },
    { message: 'Add release note for deprecated options', files: {} },
  ];
  const count = Math.min(Math.max(pkg.commits, pkg.tags.length + 1, 2), steps.length);
  const commits = steps.slice(0, count).map((step) => {
    changelog = appendEntry(changelog, step.message);
    return { message: step.message, files: { ...step.files, [CHANGELOG]: { content: changelog } }, tags: [] as string[] };
  });
  const firstTagged = Math.max(commits.length - 1 - pkg.tags.length, 0);
  pkg.tags.forEach((tag, i) => commits[Math.min(firstTagged + i, commits.length - 1)]!.tags.push(tag));
  return commits;
}

const NORMAL_MESSAGES = [
  'Update help text of {command}',
  'Add release note for bug fixes',
  'Bump hacking to the latest version',
  'Fix typo in README',
  'Remove unused imports',
  'Add unit tests for config loading',
  'Update translation templates',
  'Drop support for the v1 API',
];

/** Lines appended by a breaking commit: an `if` without its `fi`, so `sh -n` fails. */
const BROKEN_TAIL = ['', '# Report the service status.', 'if [ "${1:-}" = "--status" ]; then', '  echo "status: ok"', ''].join('\n');

const isBroken = (script: string) => script.endsWith(BROKEN_TAIL);

/** The script with a breaking commit's `if` closed (unchanged when it is not broken). */
export function repairScript(script: string): string {
  return isBroken(script) ? `${script}fi\n` : script;
}

export interface CurrentFiles {
  script: string;
  changelog: string;
}

/** What a demo commit of a kind changes, given the package's current files. Pure. */
export function planCommit(kind: DemoCommitKind, pkg: DemoPackage, current: CurrentFiles, flakyMarker: string): { message: string; files: FileSet } {
  const entries = current.changelog.split('\n').filter((l) => l.startsWith('* ')).length;
  const withEntry = (message: string, files: FileSet = {}) => ({
    message,
    files: { ...files, [CHANGELOG]: { content: appendEntry(current.changelog, message) } },
  });
  const bin = (content: string) => ({ [scriptPath(pkg)]: { content, executable: true } });
  switch (kind) {
    case 'normal':
      return withEntry(NORMAL_MESSAGES[entries % NORMAL_MESSAGES.length]!.replace('{command}', pkg.command));
    case 'break':
      return withEntry(`Add --status option to ${pkg.command}`, bin(current.script + BROKEN_TAIL));
    case 'fix':
      return isBroken(current.script)
        ? withEntry(`Fix syntax error in ${pkg.command} --status handling`, bin(repairScript(current.script)))
        : withEntry(`Fix ${pkg.command} exit status`);
    case 'flaky':
      return withEntry('Fetch CI fixtures from the mirror before building', { [PREBUILD]: { content: prebuildScript(flakyMarker), executable: true } });
  }
}

/** `ci/prebuild` of a flaky commit: fails once with a transient-looking error, then passes. */
export function prebuildScript(marker: string): string {
  const dir = marker.slice(0, marker.lastIndexOf('/')) || '/';
  return [
    '#!/bin/sh',
    '# Fetches CI fixtures from the mirror (in the demo: fails on the first try only).',
    `marker=${shQuote(marker)}`,
    'if [ ! -e "$marker" ]; then',
    `  mkdir -p ${shQuote(dir)}`,
    '  : > "$marker"',
    "  echo 'curl: (6) Could not resolve host: mirror.demo.example' >&2",
    '  exit 1',
    'fi',
    'exit 0',
    '',
  ].join('\n');
}

function shQuote(s: string): string {
  return `'${s.replaceAll("'", `'\\''`)}'`;
}
