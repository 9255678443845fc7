import { execa } from 'execa';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkUser, loadOperators } from '../engine/config/operators.js';
import { Engine } from '../engine/engine.js';
import { startServer } from '../engine/api/server.js';
import { WsClient } from '../engine/client/ws-client.js';
import { cli } from '../test-support/cli.js';
import { createFixture } from '../test-support/fixture.js';

describe('the command line on commander', () => {
  it('every group and subcommand has its own help; an option a command does not take is exit 2, named', async () => {
    const trunk = await cli(['trunk', '--help']);
    expect(trunk.code).toBe(0);
    expect(trunk.stdout).toMatch(/^Usage: rdo-console trunk/);
    for (const sub of ['run', 'recheck', 'purge', 'pause', 'resume', 'status', 'log']) expect(trunk.stdout).toMatch(new RegExp(`\\n  ${sub}\\b`));
    // Only the trunk's commands: nothing of the pool, the promoter or the daemon.
    expect(trunk.stdout).not.toMatch(/\bpromote\b|\bhold\b|--listen/);
    const promote = await cli(['promote', '--help']);
    expect(promote.stdout).toMatch(/Usage: rdo-console promote \[options\] <hash> <label>/);
    expect(promote.stdout).toMatch(/--json/);

    const listen = await cli(['trunk', 'status', '--listen', 'x']);
    expect(listen.code).toBe(2);
    expect(listen.stderr).toMatch(/unknown option '--listen'/);
    // The console's own options belong to the console, not to subcommands.
    expect((await cli(['pool', 'list', '--attach', 'http://x'])).stderr).toMatch(/unknown option '--attach'/);
    expect((await cli(['trunk', 'frobnicate'])).stderr).toMatch(/unknown command 'frobnicate'/);
  });

  it('prints a bash completion script that completes subcommands and options', async () => {
    const r = await cli(['completion', 'bash']);
    expect(r.code).toBe(0);
    const complete = async (...words: string[]) => {
      const script = `${r.stdout}\nCOMP_WORDS=(rdo-console ${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length}; _rdo_console; echo "\${COMPREPLY[*]}"`;
      return (await execa('bash', ['-c', script])).stdout.split(' ').filter(Boolean).sort();
    };
    expect(await complete('tr')).toEqual(['trunk']);
    expect(await complete('trunk', 're')).toEqual(['recheck', 'resume']);
    expect(await complete('trunk', 'purge', '--')).toEqual(expect.arrayContaining(['--older-than', '--dry-run', '--data']));
    expect(await complete('trunk', 'recheck', 'pkg-a', '--f')).toEqual(['--force']);
    expect((await cli(['completion', 'zsh'])).stdout).toMatch(/bashcompinit/);
    expect((await cli(['completion', 'fish'])).code).toBe(2);
  });

  it('token operator prints a token once and the operators.yml entry that lets --attach in', async () => {
    const fx = await createFixture([{ name: 'pkg-a' }]);
    const minted = await cli(['token', 'operator', 'alice', '--role', 'viewer', '--config', fx.configDir]);
    expect(minted.code).toBe(0);
    const token = /^token for alice \(viewer\): (\S+)$/m.exec(minted.stdout)![1]!;
    const entry = minted.stdout.slice(minted.stdout.indexOf('  - name: alice'));
    expect(entry).not.toContain(token);
    writeFileSync(join(fx.configDir, 'operators.yml'), `operators:\n${entry}\n`);
    const engine = Engine.open({ configDir: fx.configDir, dataDir: fx.dataDir });
    const server = await startServer(engine, { host: '127.0.0.1', port: 0, operators: loadOperators(fx.configDir) });
    const client = new WsClient(server.url, token, { requestTimeoutMs: 5000 });
    try {
      expect((await client.snapshot()).identity).toEqual({ name: 'alice', role: 'viewer' });
    } finally {
      client.close();
      await server.close();
      await engine.close();
    }
    expect((await cli(['token', 'operator', '../x'])).code).toBe(2);
  });

  it('token api-user prints a password once and the entry whose hash checks it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rdo-token-'));
    const minted = await cli(['token', 'api-user', 'ci-bot', '--config', dir]);
    const password = /^password for API user ci-bot: (\S+)$/m.exec(minted.stdout)![1]!;
    writeFileSync(join(dir, 'operators.yml'), `users:\n${minted.stdout.slice(minted.stdout.indexOf('  - name: ci-bot'))}\n`);
    const operators = loadOperators(dir);
    expect(await checkUser(operators, 'ci-bot', password)).toBe(true);
    expect(await checkUser(operators, 'ci-bot', `${password}x`)).toBe(false);
  });

  it('logs prints engine.log readably, by area and level; the engine never writes it to the screen', async () => {
    const fx = await createFixture([{ name: 'pkg-a' }]);
    const d = ['--config', fx.configDir, '--data', fx.dataDir];
    const run = await cli(['trunk', 'run', '--once', ...d]);
    expect(run.code).toBe(0);
    expect(run.stdout).not.toMatch(/"level":/);
    const trunk = await cli(['logs', '--area', 'trunk', ...d]);
    expect(trunk.code).toBe(0);
    expect(trunk.stdout).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} INFO  trunk\s+build\.finished .*package=pkg-a .*status=SUCCESS/m);
    expect(trunk.stdout).toMatch(/INFO  trunk\s+pass\.finished/);
    expect(trunk.stdout).not.toMatch(/ core /);
    const json = await cli(['logs', '--json', '-n', '1', ...d]);
    expect(JSON.parse(json.stdout)).toMatchObject({ level: 30, area: expect.any(String), pid: expect.any(Number) });
    expect((await cli(['logs', '--area', 'nope', ...d])).stdout).toBe('');
    expect((await cli(['logs', '--level', 'loud', ...d])).code).toBe(2);
  });
});
