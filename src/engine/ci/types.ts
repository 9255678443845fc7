export type NodeState = 'building' | 'ready' | 'in-use' | 'used' | 'deleting' | 'failed' | 'hold';
export type JobRunState = 'queued' | 'running' | 'success' | 'failure' | 'error';
