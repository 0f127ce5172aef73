import { describe, expect, it } from 'vitest';
import { toProxyError } from '../../util/to-proxy-error.js';
import { chatSpec } from './__fixtures__/ollama-test-helpers.js';
import { assertOllamaSuffixSupported, decodeOllamaGenerateRequest } from './decode-ollama-generate-request.js';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).toString('base64');

describe('decodeOllamaGenerateRequest', () => {
  it('builds a system message plus one user message, and keeps the raw prompt', () => {
    const body = {
      model: 'llama:latest',
      prompt: 'Tell a story',
      system: 'Be brief',
      images: [PNG],
      format: 'json',
      think: 'high',
      options: { temperature: 0.3, num_ctx: 2048 },
      context: [1, 2, 3],
    };
    expect(decodeOllamaGenerateRequest(body)).toEqual({
      kind: 'chat',
      ignoredOptions: ['num_ctx'],
      request: {
        model: 'llama:latest',
        stream: true,
        messages: [
          { role: 'system', content: 'Be brief' },
          {
            role: 'user',
            content: [
              { type: 'image', source: 'base64', mediaType: 'image/png', data: PNG },
              { type: 'text', text: 'Tell a story' },
            ],
          },
        ],
        prompt: { text: 'Tell a story' },
        responseFormat: { type: 'json' },
        reasoning: 'high',
        temperature: 0.3,
        native: { dialect: 'ollama-generate', body },
      },
    });
  });

  it('keeps a suffix for fill-in-the-middle and honours stream:false', () => {
    const decoded = decodeOllamaGenerateRequest({ model: 'codestral', prompt: 'def f(', suffix: '\n  return x', raw: true, stream: false });
    expect(decoded).toMatchObject({
      kind: 'chat',
      request: { stream: false, prompt: { text: 'def f(', suffix: '\n  return x' }, messages: [{ role: 'user' }] },
    });
  });

  it('answers an empty prompt as load, or unload with keep_alive 0 (Open WebUI unload)', () => {
    expect(decodeOllamaGenerateRequest({ model: 'm' })).toEqual({ kind: 'load', model: 'm', doneReason: 'load', stream: true });
    expect(decodeOllamaGenerateRequest({ model: 'm', keep_alive: 0, prompt: '', stream: false })).toEqual({
      kind: 'load',
      model: 'm',
      doneReason: 'unload',
      stream: false,
    });
  });

  it('rejects raw mode with a system prompt, a missing model, and a bad think value', () => {
    const errorOf = (body: unknown) => {
      try {
        decodeOllamaGenerateRequest(body);
      } catch (error) {
        return toProxyError(error);
      }
      throw new Error('expected a throw');
    };
    expect(errorOf({ model: 'm', prompt: 'x', raw: true, system: 's' })).toMatchObject({
      status: 400,
      message: 'raw mode does not support template, system, or context',
    });
    expect(errorOf({ prompt: 'x' })).toMatchObject({ status: 400, message: 'model is required' });
    expect(errorOf({ model: 'm', prompt: 'x', think: 3 })).toMatchObject({ status: 400, message: 'invalid think value' });
    expect(errorOf({ model: 'm', prompt: 42 })).toMatchObject({ status: 400, info: { param: 'prompt' } });
  });
});

describe('assertOllamaSuffixSupported', () => {
  const decoded = decodeOllamaGenerateRequest({ model: 'gpt-4o', prompt: 'a', suffix: 'b' });
  if (decoded.kind !== 'chat') throw new Error('expected chat');

  it('rejects a suffix on a model without the insert capability', () => {
    expect(() => assertOllamaSuffixSupported(decoded.request, { name: 'gpt-4o', spec: chatSpec() })).toThrow(
      "fill-in-the-middle (suffix) is not supported for model 'gpt-4o'",
    );
  });

  it('accepts it with insert, and leaves unknown models to the gateway', () => {
    expect(() => assertOllamaSuffixSupported(decoded.request, { name: 'c', spec: chatSpec({ capabilities: ['insert'] }) })).not.toThrow();
    expect(() => assertOllamaSuffixSupported(decoded.request, undefined)).not.toThrow();
  });
});
