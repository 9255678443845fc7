/** CBS-style tags of a release, in the order builds move through them. */
export const TAG_STAGES = ['candidate', 'testing', 'release'] as const;
export type TagStage = (typeof TAG_STAGES)[number];

export const tagName = (release: string, stage: TagStage) => `${release}-${stage}`;

/** `zed-testing` → { release: 'zed', stage: 'testing' } when `zed` is a known release; null otherwise. */
export function parseTag(tag: string, releases: readonly string[]): { release: string; stage: TagStage } | null {
  for (const stage of TAG_STAGES) {
    const suffix = `-${stage}`;
    if (!tag.endsWith(suffix)) continue;
    const release = tag.slice(0, -suffix.length);
    if (releases.includes(release)) return { release, stage };
  }
  return null;
}
