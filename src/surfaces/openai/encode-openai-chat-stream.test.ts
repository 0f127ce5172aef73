import { describe, expect, it } from 'vitest';
import { ProxyError } from '../../core/proxy-error.js';
import type { StreamEvent } from '../../core/stream-event.js';
import { collect, parseSseFrames, replay } from './__fixtures__/openai-test-helpers.js';
import { encodeOpenAIChatStream } from './encode-openai-chat-stream.js';

const start: StreamEvent = { type: 'start', id: 'chatcmpl-1', model: 'gpt-4o-2024-08-06', created: 1754000000 };
const head = { id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1754000000, model: 'gpt-4o-2024-08-06' };
const options = { model: 'openai/gpt-4o', includeUsage: false };

function choice(delta: object, finish_reason: string | null = null) {
  return { ...head, choices: [{ index: 0, delta, logprobs: null, finish_reason }] };
}

function encode(events: StreamEvent[], opts = options) {
  return parseSseFrames(encodeOpenAIChatStream(replay(events), opts));
}

describe('encodeOpenAIChatStream', () => {
  it('streams text: role chunk, content deltas, finish chunk, [DONE]', async () => {
    const frames = await encode([
      start,
      { type: 'block-start', index: 0, block: { kind: 'text' } },
      { type: 'block-delta', index: 0, delta: 'Hel' },
      { type: 'block-delta', index: 0, delta: '' },
      { type: 'block-delta', index: 0, delta: 'lo' },
      { type: 'block-end', index: 0 },
      { type: 'finish', reason: { unified: 'stop' }, usage: { inputTokens: 5, outputTokens: 2 } },
    ]);
    expect(frames).toEqual([
      choice({ role: 'assistant', content: '' }),
      choice({ content: 'Hel' }),
      choice({ content: 'lo' }),
      choice({}, 'stop'),
      '[DONE]',
    ]);
  });

  it('streams reasoning as reasoning_content before the content', async () => {
    const frames = await encode([
      start,
      { type: 'block-start', index: 0, block: { kind: 'reasoning' } },
      { type: 'block-delta', index: 0, delta: 'Thinking…' },
      { type: 'block-end', index: 0 },
      { type: 'block-start', index: 1, block: { kind: 'text' } },
      { type: 'block-delta', index: 1, delta: '42' },
      { type: 'block-end', index: 1 },
      { type: 'finish', reason: { unified: 'length' }, usage: {} },
    ]);
    expect(frames.slice(1, 4)).toEqual([choice({ reasoning_content: 'Thinking…' }), choice({ content: '42' }), choice({}, 'length')]);
  });

  it('streams two parallel tool calls with 0-based indexes, id/type/name only in the first fragment', async () => {
    const frames = await encode([
      start,
      { type: 'block-start', index: 0, block: { kind: 'text' } },
      { type: 'block-delta', index: 0, delta: 'Checking.' },
      { type: 'block-end', index: 0 },
      { type: 'block-start', index: 1, block: { kind: 'tool-call', callId: 'call_a', name: 'get_weather' } },
      { type: 'block-start', index: 2, block: { kind: 'tool-call', callId: 'call_b', name: 'get_time' } },
      { type: 'block-delta', index: 1, delta: '{"city":' },
      { type: 'block-delta', index: 2, delta: '{"tz":"JST"}' },
      { type: 'block-delta', index: 1, delta: '"Tokyo"}' },
      { type: 'block-end', index: 1 },
      { type: 'block-end', index: 2 },
      { type: 'finish', reason: { unified: 'tool-calls' }, usage: {} },
    ]);
    expect(frames).toEqual([
      choice({ role: 'assistant', content: '' }),
      choice({ content: 'Checking.' }),
      choice({ tool_calls: [{ index: 0, id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '' } }] }),
      choice({ tool_calls: [{ index: 1, id: 'call_b', type: 'function', function: { name: 'get_time', arguments: '' } }] }),
      choice({ tool_calls: [{ index: 0, function: { arguments: '{"city":' } }] }),
      choice({ tool_calls: [{ index: 1, function: { arguments: '{"tz":"JST"}' } }] }),
      choice({ tool_calls: [{ index: 0, function: { arguments: '"Tokyo"}' } }] }),
      choice({}, 'tool_calls'),
      '[DONE]',
    ]);
  });

  it('with include_usage: usage null on every chunk, then a usage chunk with no choices, then [DONE]', async () => {
    const frames = await encode(
      [
        start,
        { type: 'block-start', index: 0, block: { kind: 'text' } },
        { type: 'block-delta', index: 0, delta: 'Hi' },
        { type: 'finish', reason: { unified: 'stop' }, usage: { inputTokens: 9, outputTokens: 1, cacheReadTokens: 4 } },
      ],
      { ...options, includeUsage: true },
    );
    expect(frames).toEqual([
      { ...choice({ role: 'assistant', content: '' }), usage: null },
      { ...choice({ content: 'Hi' }), usage: null },
      { ...choice({}, 'stop'), usage: null },
      { ...head, choices: [], usage: { prompt_tokens: 9, completion_tokens: 1, total_tokens: 10, prompt_tokens_details: { cached_tokens: 4 } } },
      '[DONE]',
    ]);
  });

  it('adds citations and search_results to the chunk after a metadata event', async () => {
    const frames = await encode([
      start,
      { type: 'metadata', metadata: { citations: ['https://a.example'], searchResults: [{ url: 'https://a.example' }] } },
      { type: 'block-start', index: 0, block: { kind: 'text' } },
      { type: 'block-delta', index: 0, delta: 'Per [1]' },
      { type: 'finish', reason: { unified: 'stop' }, usage: {} },
    ]);
    expect(frames[0]).toEqual(choice({ role: 'assistant', content: '' }));
    expect(frames[1]).toEqual({ ...choice({ content: 'Per [1]' }), citations: ['https://a.example'], search_results: [{ url: 'https://a.example' }] });
  });

  it('sends an in-band error frame with our code and no [DONE]', async () => {
    const frames = await encode([
      start,
      { type: 'block-start', index: 0, block: { kind: 'text' } },
      { type: 'block-delta', index: 0, delta: 'Par' },
      { type: 'error', error: new ProxyError('upstream_error', 'upstream reset the connection') },
    ]);
    expect(frames).toEqual([
      choice({ role: 'assistant', content: '' }),
      choice({ content: 'Par' }),
      { error: { message: 'upstream reset the connection', type: 'server_error', param: null, code: 'upstream_error' } },
    ]);
  });

  it('reports a stream that ends without finish as an error', async () => {
    const frames = await encode([start, { type: 'block-start', index: 0, block: { kind: 'text' } }, { type: 'block-delta', index: 0, delta: 'x' }]);
    expect(frames.at(-1)).toEqual({ error: { message: 'upstream stream ended unexpectedly', type: 'server_error', param: null, code: 'upstream_protocol' } });
    expect(frames).not.toContain('[DONE]');
  });

  it('never throws: an exception from the event source becomes an error frame', async () => {
    async function* broken(): AsyncGenerator<StreamEvent> {
      yield start;
      throw new Error('socket hang up (secret details)');
    }
    const frames = await parseSseFrames(encodeOpenAIChatStream(broken(), options));
    expect(frames).toEqual([
      choice({ role: 'assistant', content: '' }),
      { error: { message: 'internal error', type: 'server_error', param: null, code: 'internal' } },
    ]);
  });

  it('makes up one id and created for every chunk when the upstream sent no start event', async () => {
    const frames = (await collect(
      encodeOpenAIChatStream(
        replay([
          { type: 'block-delta', index: 0, delta: 'a' },
          { type: 'finish', reason: { unified: 'stop' }, usage: {} },
        ]),
        { ...options, now: () => 1700000000 },
      ),
    ))
      .slice(0, -1)
      .map((frame) => JSON.parse(frame.slice('data: '.length)) as { id: string; created: number; model: string });
    expect(frames).toHaveLength(3);
    expect(frames[0]?.id).toMatch(/^chatcmpl-[a-z0-9]+$/);
    expect(new Set(frames.map((frame) => frame.id)).size).toBe(1);
    expect(frames.every((frame) => frame.created === 1700000000 && frame.model === 'openai/gpt-4o')).toBe(true);
  });
});
