export type BuildStatus = 'SUCCESS' | 'FAILED' | 'RETRY';
export type CommitState = 'QUEUED' | 'BUILDING' | BuildStatus;
