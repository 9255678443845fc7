import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EngineEvent } from '../../engine/client/index.js';
import { viewRefresh } from './view-refresh.js';

const event = (type: 'node.state' | 'demo.commit', seq = 1) =>
  (type === 'node.state'
    ? { seq, ts: 0, type, actor: 'engine', payload: { node: 'n1', from: 'ready', to: 'hold', reason: null, jobRunId: null } }
    : { seq, ts: 0, type, actor: 'engine', payload: { package: 'pkg-a', commitHash: 'abc', kind: 'normal' } }) as EngineEvent;

describe('a view refetched after the events that change it', () => {
  afterEach(() => vi.useRealTimers());

  it('ignores other events, coalesces a burst, keeps one request in flight and at most one per interval', async () => {
    vi.useFakeTimers();
    const answers: ((p: null) => void)[] = [];
    const client = { pipeline: vi.fn(() => new Promise<null>((resolve) => answers.push(resolve))) };
    const seen: null[] = [];
    const refresh = viewRefresh(
      client.pipeline,
      (e) => e.type === 'node.state',
      (p) => seen.push(p),
      500,
    );

    refresh.noteEvents([event('demo.commit')]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(client.pipeline).not.toHaveBeenCalled();

    for (let i = 0; i < 10; i++) refresh.noteEvents([event('node.state', i)]);
    await vi.advanceTimersByTimeAsync(0);
    expect(client.pipeline).toHaveBeenCalledTimes(1);
    refresh.noteEvents([event('node.state', 11)]);
    await vi.advanceTimersByTimeAsync(2000);
    expect(client.pipeline).toHaveBeenCalledTimes(1);

    answers.shift()!(null);
    await vi.advanceTimersByTimeAsync(0);
    expect(seen).toEqual([null]);
    expect(client.pipeline).toHaveBeenCalledTimes(2);

    answers.shift()!(null);
    refresh.noteEvents([event('node.state', 12)]);
    await vi.advanceTimersByTimeAsync(100);
    expect(client.pipeline).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(500);
    expect(client.pipeline).toHaveBeenCalledTimes(3);

    refresh.stop();
    answers.shift()!(null);
    refresh.noteEvents([event('node.state', 13)]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(client.pipeline).toHaveBeenCalledTimes(3);
    expect(seen).toHaveLength(2);
  });
});
