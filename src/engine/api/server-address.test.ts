import { describe, expect, it } from 'vitest';
import { httpUrl, parseListen } from './server-address.js';
import { consoleUrl } from '../client/ws-client.js';

describe('--listen and --attach addresses', () => {
  it('parses HOST:PORT, [IPv6]:PORT and a bare PORT (loopback)', () => {
    expect(parseListen('127.0.0.1:8080')).toEqual({ host: '127.0.0.1', port: 8080 });
    expect(parseListen('0.0.0.0:0')).toEqual({ host: '0.0.0.0', port: 0 });
    expect(parseListen('[::1]:9000')).toEqual({ host: '::1', port: 9000 });
    expect(parseListen('localhost:80')).toEqual({ host: 'localhost', port: 80 });
    expect(parseListen('8081')).toEqual({ host: '127.0.0.1', port: 8081 });
  });

  it('a bad value is an error naming it', () => {
    for (const bad of ['', 'host', 'host:', ':80x', '1.2.3.4:65536', 'a b:80', 'http://x:80']) {
      expect(() => parseListen(bad)).toThrow(`--listen ${JSON.stringify(bad)}: expected HOST:PORT`);
    }
  });

  it('builds URLs', () => {
    expect(httpUrl('::1', 80)).toBe('http://[::1]:80');
    expect(consoleUrl('http://127.0.0.1:8080')).toBe('ws://127.0.0.1:8080/ws');
    expect(consoleUrl('https://trunk.example/')).toBe('wss://trunk.example/ws');
    expect(consoleUrl('ws://h:1/ws')).toBe('ws://h:1/ws');
    expect(() => consoleUrl('trunk.example')).toThrow(/--attach "trunk.example": not a URL/);
    expect(() => consoleUrl('ftp://x')).toThrow(/use http/);
  });
});
