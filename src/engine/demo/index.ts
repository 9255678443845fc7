export { demoInit } from './init.js';
export { demoCommit, type DemoCommitResult } from './commit.js';
export type { DemoCommitKind } from './upstream-files.js';
export { demoGa, createDueLateTags, type DemoGaResult } from './ga.js';
