import { describe, expect, it } from 'vitest';
import { parseClientMessage, parseServerMessage } from './ws-protocol.js';

describe('console protocol messages', () => {
  it('accepts the client messages', () => {
    expect(parseClientMessage('{"type":"snapshot","id":1}')).toEqual({ ok: true, message: { type: 'snapshot', id: 1 } });
    expect(parseClientMessage('{"type":"subscribe","fromSeq":42}')).toEqual({ ok: true, message: { type: 'subscribe', fromSeq: 42 } });
    expect(parseClientMessage('{"type":"dispatch","id":"a","command":{"name":"trunk.recheck","args":{"package":"nova"}}}')).toMatchObject({ ok: true });
    expect(parseClientMessage('{"type":"buildLog","id":2,"buildId":3,"offset":-1,"limit":4096}')).toMatchObject({ ok: true });
  });

  it('says what is wrong, keeping the request id when it can read one', () => {
    expect(parseClientMessage('{nope')).toEqual({ ok: false, problem: 'malformed JSON' });
    expect(parseClientMessage('[1]')).toMatchObject({ ok: false, problem: expect.stringMatching(/JSON object with a string "type"/) });
    expect(parseClientMessage('{"type":"rm -rf","id":9}')).toEqual({ ok: false, id: 9, problem: expect.stringMatching(/unknown message type "rm -rf"; expected one of snapshot, subscribe/) });
    expect(parseClientMessage('{"type":"dispatch","id":7}')).toEqual({ ok: false, id: 7, problem: expect.stringMatching(/^bad dispatch message: command: /) });
    expect(parseClientMessage('{"type":"subscribe","fromSeq":-1}')).toMatchObject({ ok: false, problem: expect.stringMatching(/fromSeq/) });
    expect(parseClientMessage('{"type":"buildLog","id":1,"buildId":1,"offset":0,"limit":99999999}')).toMatchObject({ ok: false, problem: expect.stringMatching(/limit/) });
  });

  it('the client checks the server messages it relies on', () => {
    expect(parseServerMessage('{"type":"result","id":1,"result":{"ok":true,"message":"done"}}')).toEqual({ type: 'result', id: 1, result: { ok: true, message: 'done' } });
    expect(parseServerMessage('{"type":"events","events":[{"seq":"1"}]}')).toBeNull();
    expect(parseServerMessage('{"type":"surprise"}')).toBeNull();
    expect(parseServerMessage('garbage')).toBeNull();
  });
});
