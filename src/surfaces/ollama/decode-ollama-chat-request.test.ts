import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { ProxyError } from '../../core/proxy-error.js';
import { toProxyError } from '../../util/to-proxy-error.js';
import { decodeOllamaChatRequest } from './decode-ollama-chat-request.js';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]).toString('base64');
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0]).toString('base64');

function decodeChat(body: unknown) {
  const decoded = decodeOllamaChatRequest(body);
  if (decoded.kind !== 'chat') throw new Error('expected a chat request');
  return decoded;
}

function errorOf(body: unknown): ProxyError {
  try {
    decodeOllamaChatRequest(body);
  } catch (error) {
    return toProxyError(error);
  }
  throw new Error('expected the decoder to throw');
}

describe('decodeOllamaChatRequest', () => {
  it('streams by default and keeps the client model string, with system messages in order', () => {
    const body = {
      model: 'gpt-4o:latest',
      messages: [
        { role: 'System', content: 'Be brief.' },
        { role: 'SYSTEM', content: 'Answer in French.' },
        { role: 'user', content: 'Hello' },
      ],
      unknown_field: true,
    };
    const { request, ignoredOptions } = decodeChat(body);
    expect(request).toEqual({
      model: 'gpt-4o:latest',
      stream: true,
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'system', content: 'Answer in French.' },
        { role: 'user', content: [{ type: 'text', text: 'Hello' }] },
      ],
      native: { dialect: 'ollama-chat', body },
    });
    // The client's own body, untouched, for an Ollama upstream.
    expect(request.native?.body).toBe(body);
    expect(ignoredOptions).toEqual([]);
  });

  it('only an explicit false disables streaming', () => {
    const messages = [{ role: 'user', content: 'x' }];
    expect(decodeChat({ model: 'm', messages, stream: null }).request.stream).toBe(true);
    expect(decodeChat({ model: 'm', messages, stream: false }).request.stream).toBe(false);
  });

  it('turns images into sniffed base64 parts ahead of the text, stripping a data: prefix', () => {
    const { request } = decodeChat({
      model: 'm',
      messages: [{ role: 'user', content: 'what is this?', images: [PNG, `data:image/png;base64,${JPEG}`] }],
    });
    expect(request.messages[0]).toEqual({
      role: 'user',
      content: [
        { type: 'image', source: 'base64', mediaType: 'image/png', data: PNG },
        { type: 'image', source: 'base64', mediaType: 'image/jpeg', data: JPEG },
        { type: 'text', text: 'what is this?' },
      ],
    });
  });

  it('decodes assistant tool calls (object or string arguments), thinking, and pairs tool results', () => {
    const { request } = decodeChat({
      model: 'm',
      messages: [
        { role: 'user', content: 'weather?' },
        {
          role: 'assistant',
          content: '',
          thinking: 'I should call tools.',
          tool_calls: [
            { id: 'call_a', function: { index: 0, name: 'get_weather', arguments: { city: 'Tokyo' } } },
            { function: { name: 'get_time', arguments: '{"tz":"JST"}' } },
            { id: 'call_c', function: { name: 'get_weather', arguments: { city: 'Paris' } } },
          ],
        },
        { role: 'tool', content: 'noon', tool_name: 'get_time' },
        { role: 'tool', content: '11 degrees', tool_call_id: 'call_a' },
        { role: 'tool', content: '15 degrees', tool_name: 'get_weather' },
      ],
    });
    const assistant = request.messages[1];
    expect(assistant).toMatchObject({
      role: 'assistant',
      content: '',
      reasoning: 'I should call tools.',
      toolCalls: [
        { id: 'call_a', name: 'get_weather', argumentsJson: '{"city":"Tokyo"}' },
        { id: expect.stringMatching(/^call_[a-z0-9]{8}$/), name: 'get_time', argumentsJson: '{"tz":"JST"}' },
        { id: 'call_c', name: 'get_weather', argumentsJson: '{"city":"Paris"}' },
      ],
    });
    const generatedId = assistant?.role === 'assistant' ? assistant.toolCalls?.[1]?.id : undefined;
    expect(request.messages.slice(2)).toEqual([
      { role: 'tool', content: 'noon', toolName: 'get_time', toolCallId: generatedId },
      { role: 'tool', content: '11 degrees', toolCallId: 'call_a', toolName: 'get_weather' },
      // call_a is answered, so the only open get_weather call is call_c.
      { role: 'tool', content: '15 degrees', toolName: 'get_weather', toolCallId: 'call_c' },
    ]);
  });

  it('matches tool results that carry neither id nor name by order', () => {
    const { request } = decodeChat({
      model: 'm',
      messages: [
        { role: 'assistant', tool_calls: [{ id: 'c1', function: { name: 'a', arguments: {} } }, { id: 'c2', function: { name: 'b', arguments: {} } }] },
        { role: 'tool', content: 'A' },
        { role: 'tool', content: 'B' },
        { role: 'tool', content: 'orphan' },
      ],
    });
    expect(request.messages.slice(1)).toEqual([
      { role: 'tool', content: 'A', toolCallId: 'c1', toolName: 'a' },
      { role: 'tool', content: 'B', toolCallId: 'c2', toolName: 'b' },
      { role: 'tool', content: 'orphan' },
    ]);
  });

  it('decodes tools, format and options, and lists the options it ignores', () => {
    const { request, ignoredOptions } = decodeChat({
      model: 'm',
      messages: [{ role: 'user', content: 'x' }],
      tools: [
        { type: 'function', function: { name: 'get_weather', description: 'Weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } },
        { type: 'function', function: { name: 'now' } },
      ],
      format: { type: 'object', properties: { a: { type: 'number' } } },
      options: { temperature: 0.2, top_p: 0.9, top_k: 40, num_predict: 128, stop: ['END'], seed: 7, presence_penalty: 0.5, frequency_penalty: 0.25, num_ctx: 8192, num_gpu: 1 },
    });
    expect(request).toMatchObject({
      tools: [
        { name: 'get_weather', description: 'Weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } },
        { name: 'now', parameters: { type: 'object', properties: {} } },
      ],
      responseFormat: { type: 'json-schema', schema: { type: 'object', properties: { a: { type: 'number' } } } },
      temperature: 0.2,
      topP: 0.9,
      topK: 40,
      maxTokens: 128,
      stop: ['END'],
      seed: 7,
      presencePenalty: 0.5,
      frequencyPenalty: 0.25,
    });
    expect(ignoredOptions).toEqual(['num_ctx', 'num_gpu']);
    expect(decodeChat({ model: 'm', messages: [{ role: 'user', content: 'x' }], format: 'json' }).request.responseFormat).toEqual({ type: 'json' });
  });

  it.each([
    [true, true],
    [false, false],
    ['low', 'low'],
    ['medium', 'medium'],
    ['high', 'high'],
    ['max', 'max'],
  ])('maps think %j to reasoning %j', (think, reasoning) => {
    expect(decodeChat({ model: 'm', messages: [{ role: 'user', content: 'x' }], think }).request.reasoning).toBe(reasoning);
  });

  it('leaves reasoning unset without think', () => {
    expect(decodeChat({ model: 'm', messages: [{ role: 'user', content: 'x' }] }).request).not.toHaveProperty('reasoning');
  });

  it('rejects bad input with Ollama-style 400s', () => {
    const messages = [{ role: 'user', content: 'x' }];
    expect(errorOf({ messages })).toMatchObject({ status: 400, message: 'model is required' });
    expect(errorOf({ model: 'm', messages, think: 'extreme' })).toMatchObject({ status: 400, message: 'invalid think value' });
    expect(errorOf({ model: 'm', messages, format: 'yaml' })).toMatchObject({ status: 400, info: { param: 'format' } });
    expect(errorOf({ model: 'm', messages: [{ role: 'user', content: 5 }] })).toMatchObject({ status: 400, info: { param: 'messages[0].content' } });
    expect(errorOf({ model: 'm', messages: [{ role: 'robot', content: 'x' }] })).toMatchObject({ status: 400, info: { param: 'messages[0].role' } });
    expect(errorOf({ model: 'm', messages, options: { stop: 3 } })).toMatchObject({ status: 400, info: { param: 'options.stop' } });
    expect(() => decodeOllamaChatRequest({ model: 1 })).toThrow(ZodError);
  });

  it('treats empty messages as a load probe, or unload with keep_alive 0', () => {
    expect(decodeOllamaChatRequest({ model: 'm', messages: [] })).toEqual({ kind: 'load', model: 'm', doneReason: 'load', stream: true });
    expect(decodeOllamaChatRequest({ model: 'm', stream: false })).toEqual({ kind: 'load', model: 'm', doneReason: 'load', stream: false });
    for (const keepAlive of [0, '0', '0s']) {
      expect(decodeOllamaChatRequest({ model: 'm', messages: [], keep_alive: keepAlive })).toMatchObject({ kind: 'load', doneReason: 'unload' });
    }
    expect(decodeOllamaChatRequest({ model: 'm', messages: [], keep_alive: '5m' })).toMatchObject({ doneReason: 'load' });
  });
});
