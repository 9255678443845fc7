import { killRunningTools } from '../engine/run-tool.js';

/** First Ctrl-C (or SIGTERM/SIGHUP): finish the pass in progress, then stop. Second: stop the builds now. */
export function stopSignal(err: (line: string) => void): AbortSignal {
  const controller = new AbortController();
  const onSignal = () => {
    if (!controller.signal.aborted) {
      err('rdo-console: stopping after this pass (again to stop the builds now)');
      controller.abort();
      return;
    }
    err(`rdo-console: stopping ${killRunningTools()} running tools; interrupted builds are re-queued on the next start`);
    process.exit(130);
  };
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(sig, onSignal);
  return controller.signal;
}
