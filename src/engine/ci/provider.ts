/**
 * Where nodes come from. The pool decides when to launch, use and delete nodes; a provider only does it.
 * A local provider, static hosts over SSH or a cloud all fit behind this.
 */
export interface NodeProvider {
  readonly name: string;
  /** Brings a node up; resolves with where its jobs work, rejects when the launch failed. */
  launch(node: string): Promise<{ workspace: string }>;
  /** Whether the node still exists (a dead slot is reported here). */
  alive(node: string): Promise<boolean>;
  /** Removes the node and everything on it, stopping what runs there; removing a missing node is fine. */
  delete(node: string): Promise<void>;
  /** Names of every node that exists on the provider's side, known to the pool or not (for leak cleanup). */
  list(): Promise<string[]>;
  /** Runs one command on the node, output to `logFile`, killed at the timeout. */
  run(node: string, command: NodeCommand): Promise<NodeRunResult>;
  /** Kills every command running on any node (the engine is stopping); their runs resolve soon after. */
  stopAll(): void;
}

export interface NodeCommand {
  argv: readonly string[];
  env: Record<string, string>;
  timeoutMs: number;
  logFile: string;
}

export interface NodeRunResult {
  exitCode: number | null;
  timedOut: boolean;
  /** The node went away while the command ran (its slot is gone); the outcome says nothing about the job. */
  lost: boolean;
  error: string | null;
}
