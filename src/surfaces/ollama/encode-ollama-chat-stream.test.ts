import { describe, expect, it } from 'vitest';
import { ProxyError } from '../../core/proxy-error.js';
import type { StreamEvent } from '../../core/stream-event.js';
import { collect, parseLines, replay, steppingClock } from './__fixtures__/ollama-test-helpers.js';
import { encodeOllamaChatStream } from './encode-ollama-chat-stream.js';

const AT = '2026-08-01T10:00:00.123000000Z';
const head = { model: 'gpt-4o:latest', created_at: AT };
const done = (extra: object) => ({ ...head, message: { role: 'assistant', content: '' }, done: true, ...extra });

function encode(events: StreamEvent[], dropReasoning = false) {
  return parseLines(encodeOllamaChatStream(replay(events), { model: 'gpt-4o:latest', dropReasoning, startNs: 0n, clock: steppingClock() }));
}

const start: StreamEvent = { type: 'start', id: 'r1', model: 'gpt-4o-2024-08-06', created: 1 };
const finish: StreamEvent = { type: 'finish', reason: { unified: 'stop', raw: 'stop' }, usage: { inputTokens: 12, outputTokens: 3 } };

describe('encodeOllamaChatStream', () => {
  it('streams text as content lines and ends with done, counts and nanosecond durations', async () => {
    expect(
      await encode([
        start,
        { type: 'block-start', index: 0, block: { kind: 'text' } },
        { type: 'block-delta', index: 0, delta: 'Hel' },
        { type: 'block-delta', index: 0, delta: '' },
        { type: 'block-delta', index: 0, delta: 'lo' },
        { type: 'block-end', index: 0 },
        { type: 'metadata', metadata: { citations: ['https://example.com'] } },
        finish,
      ]),
    ).toEqual([
      { ...head, message: { role: 'assistant', content: 'Hel' }, done: false },
      { ...head, message: { role: 'assistant', content: 'lo' }, done: false },
      done({
        done_reason: 'stop',
        total_duration: 2_000_000,
        load_duration: 0,
        prompt_eval_count: 12,
        prompt_eval_duration: 1_000_000,
        eval_count: 3,
        eval_duration: 1_000_000,
      }),
    ]);
  });

  it('streams reasoning as thinking lines with empty content, unless think was false', async () => {
    const events: StreamEvent[] = [
      { type: 'block-start', index: 0, block: { kind: 'reasoning' } },
      { type: 'block-delta', index: 0, delta: 'Hmm.' },
      { type: 'block-end', index: 0 },
      { type: 'block-start', index: 1, block: { kind: 'text' } },
      { type: 'block-delta', index: 1, delta: '42' },
      { type: 'block-end', index: 1 },
      finish,
    ];
    const lines = await encode(events);
    expect(lines.slice(0, 2)).toEqual([
      { ...head, message: { role: 'assistant', content: '', thinking: 'Hmm.' }, done: false },
      { ...head, message: { role: 'assistant', content: '42' }, done: false },
    ]);
    const withoutThinking = await encode(events, true);
    expect(withoutThinking).toHaveLength(2);
    expect(withoutThinking[0]).toEqual({ ...head, message: { role: 'assistant', content: '42' }, done: false });
  });

  it('emits each tool call whole at block end, with object arguments and a running index', async () => {
    const lines = await encode([
      { type: 'block-start', index: 0, block: { kind: 'tool-call', callId: 'call_1', name: 'get_weather' } },
      { type: 'block-delta', index: 0, delta: '{"city":' },
      { type: 'block-delta', index: 0, delta: '"Tokyo"}' },
      { type: 'block-end', index: 0 },
      { type: 'block-start', index: 1, block: { kind: 'tool-call', callId: 'call_2', name: 'broken' } },
      { type: 'block-delta', index: 1, delta: '{"oops' },
      { type: 'block-end', index: 1 },
      { type: 'finish', reason: { unified: 'tool-calls', raw: 'tool_calls' }, usage: {} },
    ]);
    expect(lines).toEqual([
      {
        ...head,
        message: { role: 'assistant', content: '', tool_calls: [{ id: 'call_1', function: { index: 0, name: 'get_weather', arguments: { city: 'Tokyo' } } }] },
        done: false,
      },
      {
        ...head,
        message: { role: 'assistant', content: '', tool_calls: [{ id: 'call_2', function: { index: 1, name: 'broken', arguments: {} } }] },
        done: false,
      },
      // Ollama has no tool_calls done reason; counts are omitted when usage did not report them.
      done({ done_reason: 'stop', total_duration: 2_000_000, load_duration: 0, prompt_eval_duration: 1_000_000, eval_duration: 1_000_000 }),
    ]);
  });

  it('flushes a tool call whose block never ended when the stream finishes', async () => {
    const lines = await encode([
      { type: 'block-start', index: 0, block: { kind: 'tool-call', callId: 'call_1', name: 'f' } },
      { type: 'block-delta', index: 0, delta: '{}' },
      finish,
    ]);
    expect(lines[0]).toMatchObject({ message: { tool_calls: [{ id: 'call_1', function: { index: 0, name: 'f', arguments: {} } }] } });
    expect(lines[1]).toMatchObject({ done: true });
  });

  it('maps a length finish to done_reason length (no delta: all eval)', async () => {
    const lines = await encode([{ type: 'finish', reason: { unified: 'length', raw: 'length' }, usage: { outputTokens: 5 } }]);
    expect(lines).toEqual([
      done({ done_reason: 'length', total_duration: 1_000_001, load_duration: 0, prompt_eval_duration: 1, eval_count: 5, eval_duration: 1_000_000 }),
    ]);
  });

  it('turns an error event into a final {"error"} line', async () => {
    const lines = await encode([
      { type: 'block-start', index: 0, block: { kind: 'text' } },
      { type: 'block-delta', index: 0, delta: 'partial' },
      { type: 'error', error: new ProxyError('upstream_error', 'openai: connection reset') },
      finish,
    ]);
    expect(lines).toEqual([{ ...head, message: { role: 'assistant', content: 'partial' }, done: false }, { error: 'openai: connection reset' }]);
  });

  it('reports a stream that ends without finish or error', async () => {
    expect(await encode([start])).toEqual([{ error: 'upstream stream ended unexpectedly' }]);
  });

  it('never throws: an exception from the event source becomes an error line', async () => {
    async function* failing(): AsyncGenerator<StreamEvent> {
      yield { type: 'block-start', index: 0, block: { kind: 'text' } };
      yield { type: 'block-delta', index: 0, delta: 'a' };
      throw new ProxyError('upstream_timeout', 'upstream timed out');
    }
    const frames = await collect(encodeOllamaChatStream(failing(), { model: 'm', dropReasoning: false, startNs: 0n, clock: steppingClock() }));
    expect(frames.at(-1)).toBe('{"error":"upstream timed out"}\n');
  });
});
