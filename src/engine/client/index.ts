/**
 * The one public surface of the engine for the console (src/ui, src/store/console): the client contract, the
 * snapshot reducer and the shapes of every view. A test keeps the UI from importing anything else of src/engine.
 */
export type { EngineClient, EngineSnapshot, ConnectionState } from './engine-client.js';
export type { CommandName, LoopName, QueryArgs, QueryName, QueryResult } from './contract.js';
export type { Actor, Command, CommandResult, Role } from '../area.js';
export type { ArgInfo } from '../args.js';
export type { Catalog, CommandInfo, QueryInfo } from '../catalog.js';
export type { EngineEvent, EventType } from '../events.js';
export type { ErrorKind } from '../errors.js';
export type { LogChunk } from '../log-chunk.js';
export type { AuditEntry } from '../core/audit.js';
export type { TrunkLive, QueueItem, BuildSummary, PackageSummary } from '../trunk/live.js';
export type { BuildStatus, CommitState } from '../trunk/types.js';
export type { PoolView, NodeSummary, JobRunSummary } from '../ci/pool-view.js';
export type { JobRunState, NodeState } from '../ci/types.js';
export type { LabelsView, LabelSummary } from '../promotions/labels-view.js';
export type { CandidateReport } from '../promotions/evaluate.js';
export type { Explanation } from '../promotions/explain.js';
export type { PackageChange, RepoDiff, VersionEntry } from '../promotions/diff.js';
export { applyEvents } from './reduce.js';
export { consoleWordOf, isErrorKind } from '../errors.js';
export { RECENT_BUILDS } from '../trunk/live.js';
export { AUDIT_PAGE } from '../core/audit.js';
export type { BackupsView, SnapshotView, RunView } from '../backups/view.js';
export type { ReplicaStatusView, PeerView } from '../replica/view.js';
export type { MaintenanceListView, MaintenanceWindowView, WindowState } from '../maintenance/runtime.js';
export type { StatusView, ServiceView, IncidentView, ServiceState, Indicator } from '../status/view.js';
export type { UptimeDay } from '../status/uptime.js';
export { STATE_WORDS } from '../status/view.js';
export type { AlertsListView, AlertView, SilenceView } from '../alerts/view.js';
export type { ReleaseStatus, TagView, TagBuildView } from '../releases/view.js';
export type {
  ChecklistListView,
  RunbookInfo,
  RunSummary as ChecklistRunSummary,
  RunView as ChecklistRunView,
  StepStatus,
  StepView,
} from '../checklists/view.js';
export { runOutcome } from '../checklists/view.js';
export { runTimer, type RunTimer } from '../checklists/run-timer.js';
export { hoursMinutes } from '../checklists/timer.js';
