import { EngineLoops } from '../loops.js';
import { demoInit } from '../demo/index.js';
import { Engine } from '../engine.js';
import { EngineError } from '../errors.js';
import { replicaOf } from '../replica/index.js';
import { loadOperators } from '../config/operators.js';
import { dlrnApi } from './dlrn-api.js';
import { startServer } from './server.js';
import { parseListen } from './server-address.js';

export interface ServeOptions {
  configDir: string;
  dataDir: string;
  /** `HOST:PORT`; loopback unless a host is given. */
  listen: string;
  log: (line: string) => void;
  /** `--replica-of URL`: copy and follow that primary (a read-only replica); `token` is its replication token. */
  replicaOf?: string;
  token?: string;
  /** Stops the daemon like SIGINT/SIGTERM do (for embedding and tests). */
  signal?: AbortSignal;
}

/** `rdo-console serve`: the engine headless, with its loops, the HTTP API, `repos/` and `/ws` for consoles. */
export async function serve(options: ServeOptions): Promise<number> {
  const { host, port } = parseListen(options.listen);
  const operators = loadOperators(options.configDir);
  if (options.replicaOf !== undefined && !/^https?:\/\/[^\s/]+/.test(options.replicaOf)) {
    throw new EngineError('bad-request', `--replica-of must be the primary's http(s) URL (got ${JSON.stringify(options.replicaOf)})`);
  }
  const engine = Engine.open({ configDir: options.configDir, dataDir: options.dataDir, ...(options.replicaOf ? { follows: options.replicaOf } : {}) });
  const replica = replicaOf(engine);
  const daemonLog = engine.log.child({ area: 'daemon' });
  // What the daemon says goes to its stderr (for systemd's journal) and to the engine log.
  const log = (line: string) => {
    options.log(line);
    daemonLog.info(line);
  };
  try {
    await demoInit(engine.config);
    const taken = engine.takeLock();
    if (!taken.ok) {
      log(`rdo-console: another rdo-console (pid ${taken.holder ?? '?'}) is driving ${engine.paths.dataDir}; stop it or attach to it`);
      return 1;
    }
    if (options.token !== undefined) replica.saveToken(options.token);
    try {
      await replica.beforeServing();
    } catch (err) {
      if (!(err instanceof EngineError)) throw err;
      log(`rdo-console: ${err.message}`);
      return 1;
    }
    if (replica.health.state === 'disconnected') log(`warning: ${replica.health.detail}; following when it answers`);
    if (!operators.present) log(`no ${operators.file}: no console may attach until it exists (see README: Daemon and attached consoles)`);
    const server = await startServer(engine, { host, port, operators, log, handlers: [...engine.routes(), dlrnApi(engine, operators)] });
    replica.selfUrl = server.url;
    engine.servedAt = server.url;
    const baseurl = engine.config.trunk.baseurl;
    if (!baseurl.startsWith(`${server.url}/`)) {
      log(`warning: trunk.yml baseurl is ${baseurl}, so delorean.repo files and the API's repo_url point there, not at ${server.url}/repos`);
    }
    const stop = stopRequests(options.signal);
    const loops = new EngineLoops(engine);
    loops.start();
    if (engine.follower) log(`${engine.follower}: serving reads, refusing writes`);
    log(`rdo-console serving ${engine.paths.dataDir} on ${server.url} (consoles: ${server.url.replace(/^http/, 'ws')}/ws, repositories: ${server.url}/repos/)`);
    try {
      await stop.next();
      log('stopping');
      const finishing = loops.stop({ wait: true });
      const done = await Promise.race([finishing.then(() => true), new Promise<false>((resolve) => setTimeout(() => resolve(false), 100))]);
      if (!done) {
        log('waiting for the running trunk pass and jobs to finish (signal again to stop now; interrupted builds and jobs are re-queued on the next start)');
        await Promise.race([finishing, stop.next()]);
      }
    } finally {
      stop.dispose();
      await server.close();
    }
    return 0;
  } finally {
    await engine.close();
  }
}

/** SIGINT/SIGTERM (or an abort) as a sequence of stop requests: the first stops, the next insists. */
function stopRequests(signal: AbortSignal | undefined): { next(): Promise<void>; dispose(): void } {
  let wake: (() => void) | null = null;
  let pending = 0;
  const request = () => {
    pending++;
    wake?.();
  };
  const signals = ['SIGINT', 'SIGTERM'] as const;
  for (const s of signals) process.on(s, request);
  signal?.addEventListener('abort', request);
  if (signal?.aborted) pending++;
  return {
    async next() {
      while (pending === 0) await new Promise<void>((resolve) => (wake = resolve));
      pending--;
      wake = null;
    },
    dispose() {
      for (const s of signals) process.off(s, request);
      signal?.removeEventListener('abort', request);
    },
  };
}
