import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ProxyError } from '../../core/proxy-error.js';
import type { StreamEvent } from '../../core/stream-event.js';
import { collect, parseAnthropicSse, replay } from './__fixtures__/anthropic-test-helpers.js';
import { type AnthropicStreamOptions, encodeAnthropicStream } from './encode-anthropic-stream.js';

const start: StreamEvent = { type: 'start', id: 'chatcmpl-abc', model: 'gpt-4o-2024-08-06', created: 1754000000 };
const options: AnthropicStreamOptions = { model: 'claude-sonnet-4-5', stopSequences: undefined, estimatedInputTokens: 30 };

async function encode(events: StreamEvent[], opts: AnthropicStreamOptions = options) {
  return parseAnthropicSse(encodeAnthropicStream(replay(events), opts));
}

/** Just the events after message_start and ping, as `event` → data. */
function body(parsed: Array<{ event: string; data: unknown }>): unknown[] {
  return parsed.slice(2).map((item) => item.data);
}

describe('encodeAnthropicStream', () => {
  it('encodes thinking, text and two interleaved tool calls into the exact Anthropic SSE sequence', async () => {
    const expected = readFileSync(new URL('./__fixtures__/anthropic-thinking-text-tools.sse.txt', import.meta.url), 'utf8');
    const frames = await collect(
      encodeAnthropicStream(
        replay([
          start,
          { type: 'block-start', index: 0, block: { kind: 'reasoning' } },
          { type: 'block-delta', index: 0, delta: 'The user wants' },
          { type: 'block-delta', index: 0, delta: ' the weather.' },
          { type: 'block-end', index: 0 },
          { type: 'block-start', index: 1, block: { kind: 'text' } },
          { type: 'block-delta', index: 1, delta: 'Checking both.' },
          { type: 'block-end', index: 1 },
          { type: 'block-start', index: 2, block: { kind: 'tool-call', callId: 'call_a', name: 'get_weather' } },
          { type: 'block-start', index: 3, block: { kind: 'tool-call', callId: 'call_b', name: 'get_time' } },
          { type: 'block-delta', index: 2, delta: '{"city":' },
          { type: 'block-delta', index: 3, delta: '{"tz":"JST"}' },
          { type: 'block-delta', index: 2, delta: '"Tokyo"}' },
          { type: 'block-end', index: 2 },
          { type: 'block-end', index: 3 },
          { type: 'finish', reason: { unified: 'tool-calls', raw: 'tool_calls' }, usage: { inputTokens: 120, cacheReadTokens: 100, outputTokens: 40, reasoningTokens: 12 } },
        ]),
        options,
      ),
    );
    expect(frames.join('')).toBe(expected);
    // One frame per event: each is flushed on its own.
    expect(frames.every((frame) => /^event: [a-z_]+\ndata: [^\n]+\n\n$/.test(frame))).toBe(true);
  });

  it('streams text with no empty blocks and no empty deltas, and reports end_turn', async () => {
    const parsed = await encode([
      start,
      { type: 'block-start', index: 0, block: { kind: 'reasoning' } },
      { type: 'block-end', index: 0 },
      { type: 'block-start', index: 1, block: { kind: 'text' } },
      { type: 'block-delta', index: 1, delta: '' },
      { type: 'block-delta', index: 1, delta: 'Hi' },
      { type: 'block-end', index: 1 },
      { type: 'finish', reason: { unified: 'stop', raw: 'stop' }, usage: { inputTokens: 9, outputTokens: 1 } },
    ]);
    expect(parsed.map((item) => item.event)).toEqual([
      'message_start',
      'ping',
      'content_block_start',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(body(parsed)).toEqual([
      { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hi' } },
      { type: 'content_block_stop', index: 0 },
      {
        type: 'message_delta',
        delta: { stop_reason: 'end_turn', stop_sequence: null },
        usage: { output_tokens: 1, input_tokens: 9, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
      },
      { type: 'message_stop' },
    ]);
  });

  it('makes up a msg_ id when the upstream sent no start, reads a delta without block-start as text, closes it at finish', async () => {
    const parsed = await encode([
      { type: 'block-delta', index: 0, delta: 'a' },
      { type: 'finish', reason: { unified: 'length' }, usage: {} },
    ]);
    const message = (parsed[0]?.data as { message: { id: string; model: string; usage: object } }).message;
    expect(message.id).toMatch(/^msg_[a-z0-9]+$/);
    expect(message.model).toBe('claude-sonnet-4-5');
    expect(body(parsed)).toEqual([
      { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'a' } },
      { type: 'content_block_stop', index: 0 },
      // No input count reported: the estimate in message_start stands.
      { type: 'message_delta', delta: { stop_reason: 'max_tokens', stop_sequence: null }, usage: { output_tokens: 0 } },
      { type: 'message_stop' },
    ]);
  });

  it('says tool_use when an upstream ends a tool-calling turn with a plain stop, and names a single stop sequence', async () => {
    const toolTurn = await encode([
      start,
      { type: 'block-start', index: 0, block: { kind: 'tool-call', callId: 'call_1', name: 'ls' } },
      { type: 'block-end', index: 0 },
      { type: 'finish', reason: { unified: 'stop', raw: 'stop' }, usage: {} },
    ]);
    expect(body(toolTurn).slice(0, 2)).toEqual([
      { type: 'content_block_start', index: 0, content_block: { type: 'tool_use', id: 'call_1', name: 'ls', input: {} } },
      { type: 'content_block_stop', index: 0 },
    ]);
    expect(body(toolTurn)[2]).toMatchObject({ delta: { stop_reason: 'tool_use', stop_sequence: null } });

    const stopped = await encode([start, { type: 'finish', reason: { unified: 'stop', raw: 'stop_sequence' }, usage: {} }], {
      ...options,
      stopSequences: ['###'],
    });
    expect(body(stopped)[0]).toMatchObject({ delta: { stop_reason: 'stop_sequence', stop_sequence: '###' } });
  });

  it('ends with an error event (no message_stop) when the upstream fails mid-stream', async () => {
    const parsed = await encode([
      start,
      { type: 'block-start', index: 0, block: { kind: 'text' } },
      { type: 'block-delta', index: 0, delta: 'Par' },
      { type: 'error', error: new ProxyError('upstream_error', 'upstream reset the connection') },
    ]);
    expect(parsed.at(-1)).toEqual({ event: 'error', data: { type: 'error', error: { type: 'api_error', message: 'upstream reset the connection' } } });
    expect(parsed.map((item) => item.event)).not.toContain('message_stop');

    const overloaded = await encode([start, { type: 'error', error: new ProxyError('upstream_overloaded', 'busy') }]);
    expect(overloaded.at(-1)?.data).toEqual({ type: 'error', error: { type: 'overloaded_error', message: 'busy' } });
  });

  it('reports a stream that ends without finish, and an exception from the source, as error events', async () => {
    const truncated = await encode([start, { type: 'block-delta', index: 0, delta: 'x' }]);
    expect(truncated.at(-1)?.data).toEqual({ type: 'error', error: { type: 'api_error', message: 'upstream stream ended unexpectedly' } });

    async function* broken(): AsyncGenerator<StreamEvent> {
      yield start;
      throw new Error('socket hang up (secret details)');
    }
    const parsed = await parseAnthropicSse(encodeAnthropicStream(broken(), options));
    expect(parsed.map((item) => item.event)).toEqual(['message_start', 'ping', 'error']);
    expect(parsed[2]?.data).toEqual({ type: 'error', error: { type: 'api_error', message: 'internal error' } });
  });

  it('yields each frame as its event arrives, without waiting for the upstream to finish', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    async function* slow(): AsyncGenerator<StreamEvent> {
      yield start;
      yield { type: 'block-start', index: 0, block: { kind: 'text' } };
      yield { type: 'block-delta', index: 0, delta: 'first' };
      await gate;
      yield { type: 'finish', reason: { unified: 'stop' }, usage: {} };
    }
    const frames = encodeAnthropicStream(slow(), options)[Symbol.asyncIterator]();
    const early: string[] = [];
    for (let i = 0; i < 4; i++) early.push((await frames.next()).value as string);
    expect(early.map((frame) => frame.split('\n')[0])).toEqual([
      'event: message_start',
      'event: ping',
      'event: content_block_start',
      'event: content_block_delta',
    ]);
    release();
    const rest: string[] = [];
    for (let next = await frames.next(); !next.done; next = await frames.next()) rest.push(next.value);
    expect(rest.map((frame) => frame.split('\n')[0])).toEqual(['event: content_block_stop', 'event: message_delta', 'event: message_stop']);
  });
});
