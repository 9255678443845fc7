import { act, leaf, type Program } from './commands.js';
import { configDirOf, dataDirOf } from './context.js';

export function registerServeCli(p: Program): void {
  act(
    p,
    leaf(p, 'serve', 'Run the engine headless: the HTTP API, repos/, /metrics and /ws for consoles').option(
      '--listen <host:port>',
      'where to listen',
      '127.0.0.1:8080',
    ),
    async (_a, o) => {
      const { serve } = await import('../engine/api/serve.js');
      return serve({ configDir: configDirOf(o), dataDir: dataDirOf(o), listen: o.listen as string, log: p.io.err });
    },
  );
}
