import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { StreamEvent } from '../../core/stream-event.js';
import { collect } from '../../../test/support/async-iterables.js';
import { decodeSse, encodeSseData } from '../../util/sse.js';
import { decodeOpenAICompatibleStream } from './decode-openai-compatible-stream.js';

function fixtureLines(name: string): string[] {
  return readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8').trim().split('\n');
}

/** Turns fixture chunks into SSE bytes, split into awkward pieces to exercise the framing. */
async function* sseBytes(lines: string[], extra: string[] = ['data: [DONE]\n\n'], pieceSize = 7): AsyncGenerator<Uint8Array> {
  const text = lines.map((line) => encodeSseData(line)).join('') + extra.join('');
  for (let i = 0; i < text.length; i += pieceSize) yield new TextEncoder().encode(text.slice(i, i + pieceSize));
}


const context = { provider: 'test', model: 'm' };

describe('decodeOpenAICompatibleStream', () => {
  it('turns tool-call deltas into one tool-call block and keeps usage that arrives after the finish chunk', async () => {
    const events = await collect(decodeOpenAICompatibleStream(decodeSse(sseBytes(fixtureLines('openai-tool-call.chunks.txt'))), context));
    expect(events).toEqual([
      { type: 'start', id: 'chatcmpl-1', model: 'gpt-4o-2024-08-06', created: 1754000000 },
      { type: 'block-start', index: 0, block: { kind: 'tool-call', callId: 'call_abc', name: 'get_weather' } },
      { type: 'block-delta', index: 0, delta: '{"city":' },
      { type: 'block-delta', index: 0, delta: '"Tokyo"}' },
      { type: 'block-end', index: 0 },
      {
        type: 'finish',
        reason: { unified: 'tool-calls', raw: 'tool_calls' },
        usage: { inputTokens: 82, outputTokens: 17, cacheReadTokens: 64, reasoningTokens: 0 },
      },
    ]);
  });

  it('separates DeepSeek reasoning_content from content and reads its cache-hit tokens', async () => {
    const events = await collect(decodeOpenAICompatibleStream(decodeSse(sseBytes(fixtureLines('deepseek-reasoning.chunks.txt'), [': keep-alive\n\n', 'data: [DONE]\n\n'])), context));
    expect(events.slice(1)).toEqual([
      { type: 'block-start', index: 0, block: { kind: 'reasoning' } },
      { type: 'block-delta', index: 0, delta: 'Let me' },
      { type: 'block-delta', index: 0, delta: ' think.' },
      { type: 'block-end', index: 0 },
      { type: 'block-start', index: 1, block: { kind: 'text' } },
      { type: 'block-delta', index: 1, delta: '42' },
      { type: 'block-end', index: 1 },
      {
        type: 'finish',
        reason: { unified: 'stop', raw: 'stop' },
        usage: { inputTokens: 10, outputTokens: 20, cacheReadTokens: 4, reasoningTokens: 15 },
      },
    ]);
  });

  it('reads Groq usage from x_groq on the final chunk', async () => {
    const lines = [
      '{"id":"g","choices":[{"index":0,"delta":{"role":"assistant","content":"hi"},"finish_reason":null}]}',
      '{"id":"g","choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"x_groq":{"id":"req_1","usage":{"prompt_tokens":5,"completion_tokens":2,"total_tokens":7}}}',
    ];
    const events = await collect(decodeOpenAICompatibleStream(decodeSse(sseBytes(lines)), context));
    expect(events.at(-1)).toEqual({ type: 'finish', reason: { unified: 'stop', raw: 'stop' }, usage: { inputTokens: 5, outputTokens: 2 } });
  });

  it('reports an OpenRouter-style in-band error event as an error', async () => {
    const lines = [
      '{"id":"o","choices":[{"index":0,"delta":{"role":"assistant","content":"par"},"finish_reason":null}]}',
      '{"id":"o","error":{"code":502,"message":"Provider disconnected"},"choices":[{"index":0,"delta":{},"finish_reason":"error"}]}',
    ];
    const events = await collect(decodeOpenAICompatibleStream(decodeSse(sseBytes(lines, [])), context));
    const last = events.at(-1);
    expect(last?.type).toBe('error');
    expect(last?.type === 'error' && last.error.message).toContain('Provider disconnected');
  });

  it('ends with an upstream_protocol error when the stream has no finish_reason', async () => {
    const lines = ['{"id":"x","choices":[{"index":0,"delta":{"content":"cut"},"finish_reason":null}]}'];
    const events = await collect(decodeOpenAICompatibleStream(decodeSse(sseBytes(lines, [])), context));
    const last = events.at(-1);
    expect(last?.type === 'error' && last.error.code).toBe('upstream_protocol');
  });

  it('turns a socket error while reading into an upstream_error event instead of throwing', async () => {
    async function* broken(): AsyncGenerator<Uint8Array> {
      yield new TextEncoder().encode(encodeSseData('{"id":"x","choices":[{"index":0,"delta":{"content":"a"}}]}'));
      throw Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' });
    }
    const events = await collect(decodeOpenAICompatibleStream(decodeSse(broken()), context));
    const last = events.at(-1);
    expect(last?.type === 'error' && last.error.code).toBe('upstream_error');
  });

  it('flattens Mistral content chunks into text and reasoning', async () => {
    const lines = [
      '{"id":"m","choices":[{"index":0,"delta":{"role":"assistant","content":[{"type":"thinking","thinking":[{"type":"text","text":"hmm"}]}]},"finish_reason":null}]}',
      '{"id":"m","choices":[{"index":0,"delta":{"content":[{"type":"text","text":"ok"}]},"finish_reason":"stop"}],"usage":{"prompt_tokens":1,"completion_tokens":2,"total_tokens":3}}',
    ];
    const events = await collect(decodeOpenAICompatibleStream(decodeSse(sseBytes(lines)), context));
    expect(events.filter((event) => event.type === 'block-delta')).toEqual([
      { type: 'block-delta', index: 0, delta: 'hmm' },
      { type: 'block-delta', index: 1, delta: 'ok' },
    ]);
  });
  it('reads legacy text-completion chunks (choices[].text) like content deltas', async () => {
    const lines = [
      '{"id":"cmpl-1","object":"text_completion","choices":[{"index":0,"text":"Once","finish_reason":null}]}',
      '{"id":"cmpl-1","object":"text_completion","choices":[{"index":0,"text":" upon","finish_reason":"length"}]}',
      '{"id":"cmpl-1","object":"text_completion","choices":[],"usage":{"prompt_tokens":2,"completion_tokens":2,"total_tokens":4}}',
    ];
    const events = await collect(decodeOpenAICompatibleStream(decodeSse(sseBytes(lines)), context));
    expect(events.filter((event) => event.type === 'block-delta')).toEqual([
      { type: 'block-delta', index: 0, delta: 'Once' },
      { type: 'block-delta', index: 0, delta: ' upon' },
    ]);
    expect(events.at(-1)).toEqual({ type: 'finish', reason: { unified: 'length', raw: 'length' }, usage: { inputTokens: 2, outputTokens: 2 } });
  });
});
