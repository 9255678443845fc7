import { describe, expect, it } from 'vitest';
import { parseClientMessage, parseServerMessage } from './ws-protocol.js';

describe('console protocol messages', () => {
  it('accepts the client messages', () => {
    expect(parseClientMessage('{"type":"snapshot","id":1}')).toEqual({ ok: true, message: { type: 'snapshot', id: 1 } });
    expect(parseClientMessage('{"type":"subscribe","fromSeq":42}')).toEqual({ ok: true, message: { type: 'subscribe', fromSeq: 42 } });
    expect(parseClientMessage('{"type":"dispatch","id":"a","command":{"name":"trunk.recheck","args":{"package":"nova"}}}')).toMatchObject({ ok: true });
    expect(parseClientMessage('{"type":"query","id":2,"name":"trunk.build-log","args":{"buildId":3,"offset":-1,"limit":4096}}')).toEqual({
      ok: true,
      message: { type: 'query', id: 2, name: 'trunk.build-log', args: { buildId: 3, offset: -1, limit: 4096 } },
    });
    expect(parseClientMessage('{"type":"query","id":3,"name":"ci.pool"}')).toEqual({ ok: true, message: { type: 'query', id: 3, name: 'ci.pool' } });
  });

  it('says what is wrong, keeping the request id when it can read one', () => {
    expect(parseClientMessage('{nope')).toEqual({ ok: false, problem: 'malformed JSON' });
    expect(parseClientMessage('[1]')).toMatchObject({ ok: false, problem: expect.stringMatching(/JSON object with a string "type"/) });
    expect(parseClientMessage('{"type":"rm -rf","id":9}')).toEqual({
      ok: false,
      id: 9,
      problem: expect.stringMatching(/unknown message type "rm -rf"; expected one of snapshot, subscribe/),
    });
    expect(parseClientMessage('{"type":"dispatch","id":7}')).toEqual({ ok: false, id: 7, problem: expect.stringMatching(/^bad dispatch message: command: /) });
    expect(parseClientMessage('{"type":"subscribe","fromSeq":-1}')).toMatchObject({ ok: false, problem: expect.stringMatching(/fromSeq/) });
    expect(parseClientMessage('{"type":"query","id":1}')).toEqual({ ok: false, id: 1, problem: expect.stringMatching(/^bad query message: name/) });
    expect(parseClientMessage(JSON.stringify({ type: 'query', id: 3, name: 'x'.repeat(300) }))).toEqual({
      ok: false,
      id: 3,
      problem: expect.stringMatching(/^bad query message: name/),
    });
    expect(parseClientMessage('{"type":"query","id":4,"name":"ci.pool","args":[1]}')).toEqual({
      ok: false,
      id: 4,
      problem: expect.stringMatching(/^bad query message: args/),
    });
  });

  it('the client checks the server messages it relies on', () => {
    expect(parseServerMessage('{"type":"result","id":1,"result":{"ok":true,"message":"done"}}')).toEqual({
      type: 'result',
      id: 1,
      result: { ok: true, message: 'done' },
    });
    expect(parseServerMessage('{"type":"result","id":1,"result":{"ok":false,"message":"no","error":{"kind":"conflict"}}}')).toMatchObject({
      result: { error: { kind: 'conflict' } },
    });
    expect(parseServerMessage('{"type":"result","id":1,"result":{"ok":false,"message":"no","error":{"kind":"weird"}}}')).toBeNull();
    expect(parseServerMessage('{"type":"events","events":[{"seq":"1"}]}')).toBeNull();
    expect(parseServerMessage('{"type":"query","id":1,"result":{"nodes":[]}}')).toEqual({ type: 'query', id: 1, result: { nodes: [] } });
    expect(parseServerMessage('{"type":"error","id":1,"message":"no such build","kind":"not-found"}')).toEqual({
      type: 'error',
      id: 1,
      message: 'no such build',
      kind: 'not-found',
    });
    expect(parseServerMessage('{"type":"surprise"}')).toBeNull();
    expect(parseServerMessage('garbage')).toBeNull();
  });
});
