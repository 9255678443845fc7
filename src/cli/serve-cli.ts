import { act, leaf, type Program } from './commands.js';
import { configDirOf, dataDirOf } from './context.js';

export function registerServeCli(p: Program): void {
  act(
    p,
    leaf(p, 'serve', 'Run the engine headless: the HTTP API, repos/, /metrics and /ws for consoles')
      .option('--listen <host:port>', 'where to listen', '127.0.0.1:8080')
      .option('--replica-of <url>', 'run as a read-only replica of the primary daemon at this URL')
      .option('--token <token>', 'the replication token for --replica-of (kept in <data>/replica/token; RDO_REPLICA_TOKEN)'),
    async (_a, o) => {
      const { serve } = await import('../engine/api/serve.js');
      const token = (o.token as string | undefined) ?? process.env.RDO_REPLICA_TOKEN;
      return serve({
        configDir: configDirOf(o),
        dataDir: dataDirOf(o),
        listen: o.listen as string,
        log: p.io.err,
        ...(o.replicaOf ? { replicaOf: o.replicaOf as string } : {}),
        ...(token ? { token } : {}),
      });
    },
  );
}
