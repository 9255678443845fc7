import { appendFileSync } from 'node:fs';

export interface FailureNotice {
  package: string;
  maintainers: string[];
  commitHash: string;
  error: string;
  logFile: string;
}

/** Tells maintainers that their package failed to build: a log file here; mail or IRC later. */
export interface Notifier {
  buildFailed(notice: FailureNotice): void;
}

export class LogFileNotifier implements Notifier {
  constructor(private readonly file: string) {}

  buildFailed(n: FailureNotice): void {
    appendFileSync(
      this.file,
      `${new Date().toISOString()} to=${n.maintainers.join(',')} package=${n.package} commit=${n.commitHash} error=${JSON.stringify(n.error)} log=${n.logFile}\n`,
    );
  }
}
