import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A runbook over what the engine has today: a manual announcement, a trunk pass (an engine step waiting until
 * the pass has finished), a check that nothing fails, a backup (restic) and its check, a manual publication.
 */
export const DRILL_RUNBOOK = `name: drill
title: Release drill
steps:
  - { id: announce, title: Upstream GA announced, kind: manual, minutes: 0, critical: true, sets-t0: true }
  - id: build
    title: Run a trunk pass
    kind: engine
    command: trunk.run
    until: [{ fact: trunk.last-pass-age-seconds, at-least: 0 }]
    needs: [announce]
    minutes: 30
    critical: true
  - { id: green, title: No package fails, kind: check, check: { fact: trunk.packages-failing, equals: 0 }, needs: [build], minutes: 5, critical: true, milestone: builds-ci }
  - { id: backup, title: Back up, kind: engine, command: backup.now, needs: [green], minutes: 10, critical: true, milestone: stable-tagged }
  - { id: backed-up, title: A fresh backup exists, kind: check, check: { fact: backups.newest-age-seconds, at-most: 3600 }, needs: [backup], minutes: 1 }
  - { id: publish, title: Announce the release, kind: manual, needs: [backed-up], minutes: 10, critical: true, milestone: published }
`;

/** A runbook whose engine step fails (no such package): its dependent is blocked. */
export const FAILING_RUNBOOK = `name: failing
title: A step that fails
steps:
  - { id: recheck, title: Recheck a package that does not exist, kind: engine, command: trunk.recheck, args: { package: '{release}-nope' }, minutes: 5 }
  - { id: after, title: After the recheck, kind: manual, needs: [recheck], minutes: 5 }
`;

/** A runbook that waits, re-checked on the loop, for a backup that comes late. */
export const LATE_RUNBOOK = `name: late
title: Waits for a late backup
steps:
  - { id: backed-up, title: A backup exists, kind: check, check: { fact: backups.newest-age-seconds, at-most: 3600 }, detail: backups.newest-age-seconds, minutes: 20, critical: true }
  - { id: done, title: Done, kind: manual, needs: [backed-up], minutes: 1 }
`;

/** A runbook whose engine step names a command this engine does not have. */
export const UNKNOWN_COMMAND_RUNBOOK = `name: future
title: Needs a command from elsewhere
steps:
  - { id: mass-tag, title: Mass-tag, kind: engine, command: release.rebase, args: { from: a, to: b }, minutes: 5 }
`;

export function writeRunbooks(configDir: string, books: Record<string, string>): void {
  mkdirSync(join(configDir, 'checklists'), { recursive: true });
  for (const [name, yaml] of Object.entries(books)) writeFileSync(join(configDir, 'checklists', `${name}.yml`), yaml);
}

/** A runbook whose engine step runs a dangerous command (a dry-run purge). */
export const DANGEROUS_RUNBOOK = `name: dangerous
title: Runs a dangerous command
steps:
  - { id: purge, title: Dry-run purge, kind: engine, command: trunk.purge, args: { olderThan: 365, dryRun: true }, minutes: 1 }
`;
