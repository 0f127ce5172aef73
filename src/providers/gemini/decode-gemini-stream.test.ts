import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { StreamEvent } from '../../core/stream-event.js';
import { collect } from '../../../test/support/async-iterables.js';
import { decodeSse } from '../../util/sse.js';
import { decodeGeminiStream } from './decode-gemini-stream.js';
import type { TurnSignatures } from './thought-signature-memory.js';

function fixture(name: string): string {
  return readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
}

/** SSE text as network frames of `pieceSize` bytes, so lines, CRLFs and multi-byte characters are cut anywhere. */
async function* frames(text: string, pieceSize: number): AsyncGenerator<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  for (let i = 0; i < bytes.length; i += pieceSize) yield bytes.subarray(i, i + pieceSize);
}

function decode(text: string, pieceSize = 7, onSignatures?: (signatures: TurnSignatures) => void): Promise<StreamEvent[]> {
  return collect(decodeGeminiStream(decodeSse(frames(text, pieceSize)), { provider: 'google', model: 'requested-model', ...(onSignatures ? { onSignatures } : {}) }));
}

const sse = (...chunks: string[]) => chunks.map((chunk) => `data: ${chunk}\r\n\r\n`).join('');
const withoutCreated = (events: StreamEvent[]) => events.map((event) => (event.type === 'start' ? { ...event, created: 0 } : event));
const lastError = (events: StreamEvent[]) => {
  const last = events.at(-1);
  return last?.type === 'error' ? last.error : undefined;
};

describe('decodeGeminiStream', () => {
  it.each([1, 7, 64])('decodes thought and text chunks (split every %i bytes) into blocks, with usage from the last chunk only', async (pieceSize) => {
    const events = await decode(fixture('gemini-thoughts-text.sse.txt'), pieceSize);
    expect(withoutCreated(events)).toEqual([
      { type: 'start', id: 'mPa2aKrVKa-8z7IP1YHS8Ac', model: 'gemini-2.5-flash', created: 0 },
      { type: 'block-start', index: 0, block: { kind: 'reasoning' } },
      { type: 'block-delta', index: 0, delta: '**Multiplying the numbers**\n\nThe user wants 17 times 23.' },
      { type: 'block-delta', index: 0, delta: ' 17 × 20 = 340, 17 × 3 = 51.' },
      { type: 'block-end', index: 0 },
      { type: 'block-start', index: 1, block: { kind: 'text' } },
      { type: 'block-delta', index: 1, delta: '17 × 23' },
      { type: 'block-delta', index: 1, delta: ' = **391**.' },
      { type: 'block-end', index: 1 },
      {
        type: 'finish',
        reason: { unified: 'stop', raw: 'STOP' },
        usage: { inputTokens: 11, outputTokens: 130, reasoningTokens: 121, cacheReadTokens: 4 },
      },
    ]);
  });

  it('emits each function call as a whole tool-call block, finishes STOP-after-calls as tool-calls, and reports the signatures', async () => {
    const reported: TurnSignatures[] = [];
    const events = await decode(fixture('gemini-3-parallel-calls.sse.txt'), 5, (signatures) => reported.push(signatures));
    const calls = events.flatMap((event) => (event.type === 'block-start' && event.block.kind === 'tool-call' ? [event.block] : []));
    expect(calls.map((call) => call.name)).toEqual(['get_weather', 'get_weather']);
    expect(calls[0]!.callId).toMatch(/^call_[a-z0-9]{24}$/);
    expect(calls[0]!.callId).not.toBe(calls[1]!.callId);
    expect(withoutCreated(events).slice(1)).toEqual([
      { type: 'block-start', index: 0, block: { kind: 'text' } },
      { type: 'block-delta', index: 0, delta: 'Let me check both cities.' },
      { type: 'block-end', index: 0 },
      { type: 'block-start', index: 1, block: { kind: 'tool-call', callId: calls[0]!.callId, name: 'get_weather' } },
      { type: 'block-delta', index: 1, delta: '{"city":"Paris"}' },
      { type: 'block-end', index: 1 },
      { type: 'block-start', index: 2, block: { kind: 'tool-call', callId: calls[1]!.callId, name: 'get_weather' } },
      { type: 'block-delta', index: 2, delta: '{"city":"Rome","unit":"celsius"}' },
      { type: 'block-end', index: 2 },
      { type: 'finish', reason: { unified: 'tool-calls', raw: 'STOP' }, usage: { inputTokens: 58, outputTokens: 155, reasoningTokens: 124 } },
    ]);
    expect(reported).toEqual([{
      calls: [
        { id: calls[0]!.callId, name: 'get_weather', argumentsJson: '{"city":"Paris"}', upstreamId: false, signature: 'CiQB0e2Kb3NqZ2VtaW5pLTMtc2lnbmF0dXJlLXBhcmlzLTAwMQ==' },
        { id: calls[1]!.callId, name: 'get_weather', argumentsJson: '{"city":"Rome","unit":"celsius"}', upstreamId: false },
      ],
    }]);
  });

  it('keeps an id Gemini gave a call, and the text signature that arrives on a final empty text part', async () => {
    const reported: TurnSignatures[] = [];
    const text = sse(
      '{"candidates":[{"content":{"parts":[{"text":"Done."}],"role":"model"},"index":0}]}',
      '{"candidates":[{"content":{"parts":[{"functionCall":{"id":"fc-9","name":"log","args":{}}}],"role":"model"},"index":0}]}',
      '{"candidates":[{"content":{"parts":[{"text":"","thoughtSignature":"U0lH"}],"role":"model"},"finishReason":"STOP","index":0}]}',
    );
    const events = await decode(text, 3, (signatures) => reported.push(signatures));
    expect(events).toContainEqual({ type: 'block-start', index: 1, block: { kind: 'tool-call', callId: 'fc-9', name: 'log' } });
    expect(reported[0]).toEqual({ calls: [{ id: 'fc-9', name: 'log', argumentsJson: '{}', upstreamId: true }], text: { content: 'Done.', signature: 'U0lH' } });
  });

  it('maps MAX_TOKENS to length and accepts LF-only framing', async () => {
    const events = await decode('data: {"candidates":[{"content":{"parts":[{"text":"cut"}]},"finishReason":"MAX_TOKENS"}]}\n\n');
    expect(events.at(-1)).toEqual({ type: 'finish', reason: { unified: 'length', raw: 'MAX_TOKENS' }, usage: {} });
  });

  it('ends with a content_filter error when the prompt is blocked', async () => {
    const events = await decode(sse('{"promptFeedback":{"blockReason":"SAFETY"},"usageMetadata":{"promptTokenCount":5,"totalTokenCount":5},"modelVersion":"gemini-2.5-flash"}'));
    expect(events[0]?.type).toBe('start');
    expect(lastError(events)).toMatchObject({ code: 'content_filter', message: 'google blocked the prompt (SAFETY)' });
  });

  it('ends with a content_filter error when the answer is withheld before any text, and finishes content-filter after partial text', async () => {
    const withheld = await decode(sse('{"candidates":[{"finishReason":"SAFETY","index":0}]}'));
    expect(lastError(withheld)).toMatchObject({ code: 'content_filter', message: 'google withheld the answer (finish reason SAFETY)' });
    const partial = await decode(sse('{"candidates":[{"content":{"parts":[{"text":"Once upon"}]}}]}', '{"candidates":[{"finishReason":"RECITATION"}]}'));
    expect(partial.at(-1)).toEqual({ type: 'finish', reason: { unified: 'content-filter', raw: 'RECITATION' }, usage: {} });
  });

  it('turns an in-band error chunk into an error event with the mapped code', async () => {
    const events = await decode(sse(
      '{"candidates":[{"content":{"parts":[{"text":"par"}]}}]}',
      '{"error":{"code":503,"message":"The model is overloaded. Please try again later.","status":"UNAVAILABLE"}}',
    ));
    expect(lastError(events)).toMatchObject({ code: 'upstream_overloaded', message: 'google is overloaded: The model is overloaded. Please try again later.' });
  });

  it('ends with an upstream_protocol error when the stream stops without a finishReason', async () => {
    const events = await decode(sse('{"candidates":[{"content":{"parts":[{"text":"cut"}]}}]}'));
    expect(events.at(-2)).toEqual({ type: 'block-end', index: 0 });
    expect(lastError(events)).toMatchObject({ code: 'upstream_protocol' });
  });

  it('turns a socket error while reading into an upstream_error event instead of throwing', async () => {
    async function* broken(): AsyncGenerator<Uint8Array> {
      yield new TextEncoder().encode(sse('{"candidates":[{"content":{"parts":[{"text":"a"}]}}]}'));
      throw Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' });
    }
    const events = await collect(decodeGeminiStream(decodeSse(broken()), { provider: 'google', model: 'm' }));
    expect(lastError(events)).toMatchObject({ code: 'upstream_error' });
  });

  it('reports a malformed chunk as upstream_protocol', async () => {
    const events = await decode('data: {"candidates":[\r\n\r\n');
    expect(lastError(events)).toMatchObject({ code: 'upstream_protocol' });
  });
});
