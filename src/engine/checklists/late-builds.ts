import type { EngineCore } from '../area.js';
import { LATE_BUILDS_LOOP, releasesOf } from '../releases/index.js';

/** A GA build that came after T0 and was picked up by the late-builds loop (no command, no restart). */
export interface LateBuild {
  nvr: string;
  at: number;
}

export interface LateBuilds {
  tag: string;
  picked: LateBuild[];
  /** Packages of the release that still have no build in -candidate. */
  missing: string[];
}

/** The late builds of a run's release since its T0, when the releases area knows the release; else null. */
export function lateBuilds(engine: EngineCore, release: string, t0: number, until: number): LateBuilds | null {
  const rt = releasesOf(engine);
  if (!rt.releaseNames().includes(release)) return null;
  const tag = `${release}-candidate`;
  const picked = rt.store
    .tagged(tag)
    .filter((b) => b.tagged_by === LATE_BUILDS_LOOP && b.tagged_at >= t0 && b.tagged_at <= until)
    .sort((a, b) => a.tagged_at - b.tagged_at)
    .map((b) => ({ nvr: b.nvr, at: b.tagged_at }));
  return { tag, picked, missing: rt.missing(release, 'candidate') };
}
