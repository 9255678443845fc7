import type { PaneAction } from '../types.js';
import type { ReleasesTarget } from './rows.js';

export const RELEASES_ACTIONS: readonly PaneAction<ReleasesTarget>[] = [
  {
    id: 'build',
    keys: ['b'],
    label: 'build',
    description: "Build the selected release's newest upstream tags into -candidate (only what is new)",
    commands: ['release.build'],
    footer: true,
    run: (ctx) => {
      const t = ctx.selected();
      if (!t) return ctx.notify(false, 'select a tag or build of a release first');
      ctx.run({ name: 'release.build', args: { release: t.release } });
    },
  },
  {
    id: 'compose',
    keys: ['c'],
    label: 'compose',
    description: 'Compose the selected tag into a trimmed repo and run repoclosure',
    commands: ['release.compose'],
    footer: true,
    run: (ctx) => {
      const t = ctx.selected();
      if (!t) return ctx.notify(false, 'select a tag first');
      ctx.run({ name: 'release.compose', args: { release: t.release, tag: t.tag } });
    },
  },
];
