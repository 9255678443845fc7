export type NodeState = 'building' | 'ready' | 'in-use' | 'used' | 'deleting' | 'failed' | 'hold';
/** `superseded`: dropped before it started because its trigger label moved on and nothing needs it. */
export type JobRunState = 'queued' | 'running' | 'success' | 'failure' | 'error' | 'superseded';
