/** What a build driver gets: a source tarball and a spec already rewritten for this build. */
export interface BuildRequest {
  package: string;
  specFile: string;
  tarball: string;
  workDir: string;
  logFile: string;
  dist: string;
  timeoutMs: number;
}

export interface BuildOutcome {
  ok: boolean;
  /** Absolute paths of the produced binary RPMs and SRPM. */
  rpms: string[];
  /** One line on why the build failed (the log holds the rest). */
  error: string | null;
}

/** A way to turn a spec and a tarball into RPMs: `rpmbuild` here; `mock` or a remote builder later. */
export interface BuildDriver {
  readonly name: string;
  build(request: BuildRequest): Promise<BuildOutcome>;
}
