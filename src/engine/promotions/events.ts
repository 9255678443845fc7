declare module '../events.js' {
  interface EventPayloads {
    promotion: { label: string; commitHash: string; distroHash: string; to: string; from: string | null; user: string };
    'promoter.pass': { dryRun: boolean; promoted: { label: string; to: string }[]; aborted: string | null };
  }
}

export const PROMOTIONS_EVENTS = ['promotion', 'promoter.pass', 'link.moved'] as const;
