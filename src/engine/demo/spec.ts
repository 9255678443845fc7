import type { DemoPackage } from './catalog.js';
import { PACKAGER_PERSON } from './people.js';

export interface ChangelogEntry {
  /** ISO date, `YYYY-MM-DD`. */
  date: string;
  author: string;
  evr: string;
  lines: string[];
}

export const PACKAGER = `${PACKAGER_PERSON.name} <${PACKAGER_PERSON.email}>`;

export const INITIAL_CHANGELOG: ChangelogEntry = { date: '2025-01-06', author: PACKAGER, evr: '0.0.0-0', lines: ['Initial demo packaging'] };
export const SECOND_CHANGELOG: ChangelogEntry = { date: '2025-03-06', author: PACKAGER, evr: '0.0.0-0', lines: ['Sync requirements with upstream'] };

export interface SpecOptions {
  /** Demo packages that exist; dependencies on any other are left out so the repo stays closed. */
  available?: ReadonlySet<string>;
  /** Newest last. */
  changelog?: ChangelogEntry[];
}

/**
 * A buildable spec for a demo package. The trunk rewrites Version/Release and builds with
 * `rpmbuild --nodeps -ba` from `%{name}-%{version}.tar.gz` (top directory `%{name}-%{version}`).
 */
export function renderSpec(pkg: DemoPackage, options: SpecOptions = {}): string {
  const keep = (name: string) => name !== pkg.name && (options.available?.has(name) ?? true);
  const buildRequires = pkg.buildRequires.filter(keep).map((name) => `BuildRequires:  ${name}`);
  const requires = pkg.requires.filter((r) => keep(r.name)).map((r) => `Requires:       ${r.name}${r.minVersion ? ` >= ${r.minVersion}` : ''}`);
  const changelog = [...(options.changelog ?? [INITIAL_CHANGELOG])].reverse().map(renderChangelogEntry);
  const bin = `%{_bindir}/${pkg.command}`;
  return [
    `Name:           ${pkg.name}`,
    'Version:        0.0.0',
    'Release:        0',
    `Summary:        ${pkg.summary}`,
    'License:        Apache-2.0',
    `URL:            https://opendev.example.org/openstack/${pkg.project}`,
    'Source0:        %{name}-%{version}.tar.gz',
    'BuildArch:      noarch',
    'AutoReqProv:    no',
    ...(buildRequires.length ? ['', ...buildRequires] : []),
    ...(requires.length ? ['', ...requires] : []),
    '',
    '%description',
    `${pkg.summary}, built by the rdo-console demo trunk from the ${pkg.project} upstream project.`,
    '',
    '%prep',
    '%setup -q',
    '',
    '%build',
    `sh -n bin/${pkg.command}`,
    'if [ -x ci/prebuild ]; then ./ci/prebuild; fi',
    '',
    '%install',
    `install -D -p -m 0755 bin/${pkg.command} %{buildroot}${bin}`,
    'install -d -m 0755 %{buildroot}%{_datadir}/%{name}',
    'install -p -m 0644 README.md ChangeLog %{buildroot}%{_datadir}/%{name}/',
    '',
    '%files',
    bin,
    '%{_datadir}/%{name}',
    '',
    '%changelog',
    changelog.join('\n\n'),
    '',
  ].join('\n');
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `* Mon Jan 06 2025 Name <mail> - evr`: rpm rejects a weekday that does not match the date. */
function renderChangelogEntry(entry: ChangelogEntry): string {
  const d = new Date(`${entry.date}T00:00:00Z`);
  const day = String(d.getUTCDate()).padStart(2, '0');
  const header = `* ${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${day} ${d.getUTCFullYear()} ${entry.author} - ${entry.evr}`;
  return [header, ...entry.lines.map((l) => `- ${l}`)].join('\n');
}
