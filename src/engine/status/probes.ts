import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect } from 'node:net';
import type { Facts } from '../area.js';
import { runTool } from '../run-tool.js';
import type { ProbeConfig } from './config.js';
import { internalCheck } from './internal.js';

export interface ProbeResult {
  ok: boolean;
  latencyMs: number;
  /** Why it failed, or what an internal probe read. */
  error: string | null;
}

export interface ProbeEnv {
  facts(): Facts;
  dataDir: string;
  /** Working directory of command probes. */
  cwd: string;
  /** How long the engine has run (an internal part with no pass yet is late only after that long). */
  upSeconds: number;
}

const clip = (s: string) => (s.length > 300 ? `${s.slice(0, 297)}...` : s);

/** Runs one probe; never throws, never outlives its timeout by more than the time to notice it. */
export async function runProbe(probe: ProbeConfig, env: ProbeEnv): Promise<ProbeResult> {
  const started = performance.now();
  const took = () => Math.round(performance.now() - started);
  try {
    const error = await check(probe, env);
    return { ok: error === null, latencyMs: took(), error: error === null ? null : clip(error) };
  } catch (err) {
    return { ok: false, latencyMs: took(), error: clip(err instanceof Error ? err.message : String(err)) };
  }
}

/** Null when up, else why not. */
async function check(probe: ProbeConfig, env: ProbeEnv): Promise<string | null> {
  switch (probe.kind) {
    case 'http':
      return httpCheck(probe.url, probe.expect, probe.timeout * 1000);
    case 'tcp':
      return tcpCheck(probe.address, probe.timeout * 1000);
    case 'command': {
      const [file, ...args] = probe.argv as [string, ...string[]];
      const r = await runTool(file, args, { cwd: env.cwd, timeoutMs: probe.timeout * 1000 });
      if (r.timedOut) return `${file} timed out after ${probe.timeout} s`;
      if (r.exitCode === 0) return null;
      const tail = (r.stderr || r.stdout).trim().split('\n').slice(-1)[0] ?? '';
      return `${file} exited ${r.exitCode}${tail ? `: ${tail}` : ''}`;
    }
    case 'internal':
      return internalCheck(probe, env);
  }
}

function httpCheck(url: string, expect: number, timeoutMs: number): Promise<string | null> {
  return new Promise((resolve) => {
    const request = url.startsWith('https:') ? httpsRequest : httpRequest;
    const timer = setTimeout(() => {
      req.destroy();
      resolve(`no answer within ${timeoutMs / 1000} s`);
    }, timeoutMs);
    const req = request(url, { method: 'GET', agent: false, headers: { 'user-agent': 'rdo-console-status' } }, (res) => {
      res.resume();
      res.on('end', () => {
        clearTimeout(timer);
        resolve(res.statusCode === expect ? null : `HTTP ${res.statusCode ?? '?'} (expected ${expect})`);
      });
      res.on('error', (err) => {
        clearTimeout(timer);
        resolve(err.message);
      });
    });
    req.on('error', (err) => {
      clearTimeout(timer);
      resolve(err.message);
    });
    req.end();
  });
}

function tcpCheck(address: string, timeoutMs: number): Promise<string | null> {
  const at = address.lastIndexOf(':');
  const host = address.slice(0, at).replace(/^\[(.*)\]$/, '$1');
  const port = Number(address.slice(at + 1));
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (error: string | null) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(error);
    };
    const timer = setTimeout(() => done(`no connection within ${timeoutMs / 1000} s`), timeoutMs);
    socket.once('connect', () => done(null));
    socket.once('error', (err) => done(err.message));
  });
}
