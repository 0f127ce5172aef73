import { describe, expect, it } from 'vitest';
import { ProxyError } from '../../core/proxy-error.js';
import type { StreamEvent } from '../../core/stream-event.js';
import { parseLines, replay, steppingClock } from './__fixtures__/ollama-test-helpers.js';
import { encodeOllamaGenerateStream } from './encode-ollama-generate-stream.js';

const head = { model: 'llama', created_at: '2026-08-01T10:00:00.123000000Z' };

function encode(events: StreamEvent[], dropReasoning = false) {
  return parseLines(encodeOllamaGenerateStream(replay(events), { model: 'llama', dropReasoning, startNs: 0n, clock: steppingClock() }));
}

describe('encodeOllamaGenerateStream', () => {
  it('streams response and thinking lines, skips tool calls, and ends with done', async () => {
    expect(
      await encode([
        { type: 'block-start', index: 0, block: { kind: 'reasoning' } },
        { type: 'block-delta', index: 0, delta: 'Plot first.' },
        { type: 'block-end', index: 0 },
        { type: 'block-start', index: 1, block: { kind: 'text' } },
        { type: 'block-delta', index: 1, delta: 'Once upon' },
        { type: 'block-delta', index: 1, delta: ' a time' },
        { type: 'block-end', index: 1 },
        { type: 'block-start', index: 2, block: { kind: 'tool-call', callId: 'c', name: 'f' } },
        { type: 'block-end', index: 2 },
        { type: 'finish', reason: { unified: 'stop' }, usage: { inputTokens: 6, outputTokens: 4 } },
      ]),
    ).toEqual([
      { ...head, response: '', thinking: 'Plot first.', done: false },
      { ...head, response: 'Once upon', done: false },
      { ...head, response: ' a time', done: false },
      {
        ...head,
        response: '',
        done: true,
        done_reason: 'stop',
        total_duration: 2_000_000,
        load_duration: 0,
        prompt_eval_count: 6,
        prompt_eval_duration: 1_000_000,
        eval_count: 4,
        eval_duration: 1_000_000,
      },
    ]);
  });

  it('drops thinking when think was false', async () => {
    const lines = await encode(
      [
        { type: 'block-start', index: 0, block: { kind: 'reasoning' } },
        { type: 'block-delta', index: 0, delta: 'hidden' },
        { type: 'finish', reason: { unified: 'stop' }, usage: {} },
      ],
      true,
    );
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ done: true });
  });

  it('ends with an error line on an error event or a missing finish', async () => {
    expect(await encode([{ type: 'error', error: new ProxyError('rate_limited', 'slow down') }])).toEqual([{ error: 'slow down' }]);
    expect(await encode([])).toEqual([{ error: 'upstream stream ended unexpectedly' }]);
  });
});
