import { describe, expect, it } from 'vitest';
import type { RequestTrace } from '../core/gateway.js';
import { ProxyError } from '../core/proxy-error.js';
import type { StreamEvent } from '../core/stream-event.js';
import { collect, replay } from '../../test/support/async-iterables.js';
import { traceStreamEvents } from './trace-stream-events.js';

const head: StreamEvent[] = [
  { type: 'start', id: 's1', model: 'gpt-4o', created: 0 },
  { type: 'block-start', index: 0, block: { kind: 'text' } },
];
const deltas: StreamEvent[] = [
  { type: 'block-delta', index: 0, delta: 'Hel' },
  { type: 'block-delta', index: 0, delta: 'lo' },
  { type: 'block-end', index: 0 },
];
const finish: StreamEvent = { type: 'finish', reason: { unified: 'stop' }, usage: { inputTokens: 12, outputTokens: 2 } };

describe('traceStreamEvents', () => {
  it('passes every event through unchanged and notes first token and usage', async () => {
    const trace: RequestTrace = {};
    const before = performance.now();
    const events = [...head, ...deltas, finish];
    expect(await collect(traceStreamEvents(replay(events), trace))).toEqual(events);
    expect(trace.usage).toEqual({ inputTokens: 12, outputTokens: 2 });
    expect(trace.firstTokenAt).toBeGreaterThanOrEqual(before);
    expect(trace.errorKind).toBeUndefined();
  });

  it('takes the first token time from the first delta, not from the stream start', async () => {
    const trace: RequestTrace = {};
    const iterator = traceStreamEvents(replay([...head, ...deltas, finish]), trace)[Symbol.asyncIterator]();
    await iterator.next();
    await iterator.next();
    expect(trace.firstTokenAt).toBeUndefined();
    await iterator.next();
    const first = trace.firstTokenAt;
    expect(first).toBeDefined();
    await iterator.next();
    expect(trace.firstTokenAt).toBe(first);
  });

  it('notes the code of an in-band error event', async () => {
    const trace: RequestTrace = {};
    const error = new ProxyError('upstream_timeout', 'upstream went quiet');
    await collect(traceStreamEvents(replay([...head, { type: 'error', error }]), trace));
    expect(trace.errorKind).toBe('upstream_timeout');
    expect(trace.firstTokenAt).toBeUndefined();
  });

  it('notes the code of a failure the stream throws, and rethrows it', async () => {
    const trace: RequestTrace = {};
    async function* failing(): AsyncGenerator<StreamEvent> {
      yield head[0]!;
      throw new ProxyError('upstream_protocol', 'bad chunk');
    }
    await expect(collect(traceStreamEvents(failing(), trace))).rejects.toThrow('bad chunk');
    expect(trace.errorKind).toBe('upstream_protocol');
  });

  it('marks an abandoned stream client_closed, keeps what it saw, and releases the upstream iterator', async () => {
    const trace: RequestTrace = {};
    let released = false;
    async function* upstream(): AsyncGenerator<StreamEvent> {
      try {
        yield* [...head, ...deltas];
        yield finish;
      } finally {
        released = true;
      }
    }
    for await (const event of traceStreamEvents(upstream(), trace)) {
      if (event.type === 'block-delta') break; // the client went away
    }
    expect(trace.errorKind).toBe('client_closed');
    expect(trace.firstTokenAt).toBeDefined();
    expect(released).toBe(true);
  });

  it('does not call a consumer that stops after finish abandoned', async () => {
    const trace: RequestTrace = {};
    for await (const event of traceStreamEvents(replay([...head, ...deltas, finish]), trace)) {
      if (event.type === 'finish') break;
    }
    expect(trace.errorKind).toBeUndefined();
  });

  it('does not call a stream that ends without finish abandoned', async () => {
    const trace: RequestTrace = {};
    await collect(traceStreamEvents(replay(head), trace));
    expect(trace.errorKind).toBeUndefined();
  });
});
