import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ProxyError } from '../../core/proxy-error.js';
import { decodeGeminiResponse } from './decode-gemini-response.js';
import type { GeminiGenerateContentResponse } from './gemini-wire.js';

function fixture(name: string): GeminiGenerateContentResponse {
  return JSON.parse(readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8')) as GeminiGenerateContentResponse;
}

const context = { provider: 'google', model: 'requested-model' };

function thrown(run: () => unknown): ProxyError {
  try {
    run();
  } catch (error) {
    if (ProxyError.is(error)) return error;
    throw error;
  }
  throw new Error('expected a ProxyError');
}

describe('decodeGeminiResponse', () => {
  it('decodes thoughts, a signed function call with a generated id, STOP as tool-calls, and usage with thoughts in the output', () => {
    const { response, signatures } = decodeGeminiResponse(fixture('gemini-3-function-call.json'), context);
    const id = response.toolCalls[0]?.id;
    expect(id).toMatch(/^call_[a-z0-9]{24}$/);
    expect(response).toMatchObject({
      id: 'w7HTaP6xLb2vz7IPx8OV8QU',
      model: 'gemini-3.8-flash',
      content: '',
      reasoning: 'The user wants the weather; I should call the tool.',
      toolCalls: [{ id, name: 'get_weather', argumentsJson: '{"city":"Tokyo"}' }],
      finishReason: { unified: 'tool-calls', raw: 'STOP' },
      usage: { inputTokens: 42, outputTokens: 103, reasoningTokens: 88 },
    });
    expect(signatures).toEqual({
      calls: [{ id, name: 'get_weather', argumentsJson: '{"city":"Tokyo"}', upstreamId: false, signature: 'CsUCAdHtim9mZWtnZW1pbmktMy1zaWduYXR1cmUtdG9reW8tMDAx' }],
    });
  });

  it('joins text parts, keeps the text signature, and reads cached tokens', () => {
    const { response, signatures } = decodeGeminiResponse({
      candidates: [{ content: { role: 'model', parts: [{ text: 'Hello ' }, { text: 'world', thoughtSignature: 'U0lH' }] }, finishReason: 'STOP' }],
      usageMetadata: { promptTokenCount: 100, candidatesTokenCount: 2, cachedContentTokenCount: 64, totalTokenCount: 102 },
    }, context);
    expect(response).toMatchObject({ model: 'requested-model', content: 'Hello world', toolCalls: [], finishReason: { unified: 'stop', raw: 'STOP' }, usage: { inputTokens: 100, outputTokens: 2, cacheReadTokens: 64 } });
    expect(response.reasoning).toBeUndefined();
    expect(response.id).toMatch(/^gen-/);
    expect(signatures).toEqual({ calls: [], text: { content: 'Hello world', signature: 'U0lH' } });
  });

  it('throws content_filter with the block reason when the prompt was blocked (no candidates)', () => {
    expect(thrown(() => decodeGeminiResponse(fixture('gemini-blocked-prompt.json'), context))).toMatchObject({
      code: 'content_filter', status: 400, message: 'google blocked the prompt (PROHIBITED_CONTENT)',
    });
    expect(thrown(() => decodeGeminiResponse({ candidates: [] }, context)).code).toBe('content_filter');
  });

  it('throws when a filtered or broken finish produced nothing, and keeps partial output otherwise', () => {
    expect(thrown(() => decodeGeminiResponse({ candidates: [{ finishReason: 'SAFETY', finishMessage: 'Harassment' }] }, context)).message)
      .toBe('google withheld the answer (finish reason SAFETY): Harassment');
    expect(thrown(() => decodeGeminiResponse({ candidates: [{ content: { parts: [] }, finishReason: 'MALFORMED_FUNCTION_CALL' }] }, context)).code).toBe('upstream_error');
    const { response } = decodeGeminiResponse({ candidates: [{ content: { parts: [{ text: 'partial' }] }, finishReason: 'PROHIBITED_CONTENT' }] }, context);
    expect(response.finishReason).toEqual({ unified: 'content-filter', raw: 'PROHIBITED_CONTENT' });
  });

  it('maps MAX_TOKENS to length, and keeps an id Gemini gave a call', () => {
    const { response, signatures } = decodeGeminiResponse({
      candidates: [{ content: { parts: [{ functionCall: { id: 'abc', name: 'f', args: { a: [1, 2] } } }] }, finishReason: 'MAX_TOKENS' }],
    }, context);
    expect(response.toolCalls).toEqual([{ id: 'abc', name: 'f', argumentsJson: '{"a":[1,2]}' }]);
    expect(response.finishReason).toEqual({ unified: 'length', raw: 'MAX_TOKENS' });
    expect(signatures.calls[0]?.upstreamId).toBe(true);
  });
});
