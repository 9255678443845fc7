import { describe, expect, it } from 'vitest';
import { parseClientMessage, parseServerMessage } from './ws-protocol.js';

describe('console protocol messages', () => {
  it('accepts the client messages', () => {
    expect(parseClientMessage('{"type":"snapshot","id":1}')).toEqual({ ok: true, message: { type: 'snapshot', id: 1 } });
    expect(parseClientMessage('{"type":"subscribe","fromSeq":42}')).toEqual({ ok: true, message: { type: 'subscribe', fromSeq: 42 } });
    expect(parseClientMessage('{"type":"dispatch","id":"a","command":{"name":"trunk.recheck","args":{"package":"nova"}}}')).toMatchObject({ ok: true });
    expect(parseClientMessage('{"type":"buildLog","id":2,"buildId":3,"offset":-1,"limit":4096}')).toMatchObject({ ok: true });
    expect(parseClientMessage('{"type":"pipeline","id":3}')).toEqual({ ok: true, message: { type: 'pipeline', id: 3 } });
    expect(parseClientMessage('{"type":"jobLog","id":4,"runId":5,"offset":0,"limit":4096}')).toMatchObject({ ok: true });
    expect(parseClientMessage('{"type":"explain","id":5,"hash":"abc_12345678","label":"current-tripleo"}')).toMatchObject({ ok: true });
    expect(parseClientMessage('{"type":"diff","id":6,"from":"abc_12345678","to":"def_12345678"}')).toMatchObject({ ok: true });
  });

  it('says what is wrong, keeping the request id when it can read one', () => {
    expect(parseClientMessage('{nope')).toEqual({ ok: false, problem: 'malformed JSON' });
    expect(parseClientMessage('[1]')).toMatchObject({ ok: false, problem: expect.stringMatching(/JSON object with a string "type"/) });
    expect(parseClientMessage('{"type":"rm -rf","id":9}')).toEqual({ ok: false, id: 9, problem: expect.stringMatching(/unknown message type "rm -rf"; expected one of snapshot, subscribe/) });
    expect(parseClientMessage('{"type":"dispatch","id":7}')).toEqual({ ok: false, id: 7, problem: expect.stringMatching(/^bad dispatch message: command: /) });
    expect(parseClientMessage('{"type":"subscribe","fromSeq":-1}')).toMatchObject({ ok: false, problem: expect.stringMatching(/fromSeq/) });
    expect(parseClientMessage('{"type":"buildLog","id":1,"buildId":1,"offset":0,"limit":99999999}')).toMatchObject({ ok: false, problem: expect.stringMatching(/limit/) });
    expect(parseClientMessage('{"type":"jobLog","id":1,"runId":-1,"offset":0,"limit":10}')).toEqual({ ok: false, id: 1, problem: expect.stringMatching(/^bad jobLog message: runId/) });
    expect(parseClientMessage('{"type":"explain","id":2,"hash":"abc_12345678"}')).toEqual({ ok: false, id: 2, problem: expect.stringMatching(/^bad explain message: label/) });
    expect(parseClientMessage(JSON.stringify({ type: 'diff', id: 3, from: 'x'.repeat(300), to: 'y' }))).toEqual({ ok: false, id: 3, problem: expect.stringMatching(/^bad diff message: from/) });
  });

  it('the client checks the server messages it relies on', () => {
    expect(parseServerMessage('{"type":"result","id":1,"result":{"ok":true,"message":"done"}}')).toEqual({ type: 'result', id: 1, result: { ok: true, message: 'done' } });
    expect(parseServerMessage('{"type":"events","events":[{"seq":"1"}]}')).toBeNull();
    expect(parseServerMessage('{"type":"pipeline","id":1,"pipeline":null}')).toEqual({ type: 'pipeline', id: 1, pipeline: null });
    expect(parseServerMessage('{"type":"jobLog","id":1,"chunk":{"text":"x","offset":1,"complete":true}}')).toBeNull();
    expect(parseServerMessage('{"type":"explain","id":1,"explanation":"yes"}')).toBeNull();
    expect(parseServerMessage('{"type":"diff","id":1,"diff":{"added":[]}}')).toMatchObject({ type: 'diff' });
    expect(parseServerMessage('{"type":"surprise"}')).toBeNull();
    expect(parseServerMessage('garbage')).toBeNull();
  });
});
