import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../core/chat-request.js';
import { testModelSpec } from '../../../test/support/test-model-spec.js';
import { encodeOllamaChatRequest, encodeOllamaGenerateRequest } from './encode-ollama-request.js';

const qwen = testModelSpec({ provider: 'ollama', id: 'qwen3:8b', capabilities: ['completion', 'tools', 'thinking'] });
const gptOss = testModelSpec({ provider: 'ollama', id: 'gpt-oss:20b', reasoningEfforts: ['low', 'medium', 'high'] });
const PNG = 'iVBORw0KGgoAAAANSUhEUg==';
const weather = { name: 'get_weather', description: 'Weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } };

function request(extra: Partial<ChatRequest> = {}): ChatRequest {
  return { model: 'ollama/qwen3', stream: true, messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }], ...extra };
}

describe('encodeOllamaChatRequest', () => {
  it('encodes a two-turn tool conversation with images, options, format and think', () => {
    const body = encodeOllamaChatRequest(
      request({
        messages: [
          { role: 'system', content: 'Be brief.' },
          {
            role: 'user',
            content: [
              { type: 'text', text: 'What is here,' },
              { type: 'image', source: 'base64', mediaType: 'image/png', data: PNG },
              { type: 'image', source: 'url', url: `data:image/png;base64,${PNG}` },
              { type: 'text', text: 'and what is the weather?' },
            ],
          },
          { role: 'assistant', content: '', reasoning: 'Need weather.', toolCalls: [{ id: 'call_1', name: 'get_weather', argumentsJson: '{"city":"Tokyo"}' }] },
          { role: 'tool', toolCallId: 'call_1', content: '11 degrees' },
        ],
        tools: [weather],
        responseFormat: { type: 'json-schema', schema: { type: 'object' } },
        reasoning: true,
        temperature: 0.2,
        topP: 0.9,
        topK: 40,
        seed: 7,
        stop: ['END'],
        maxTokens: 256,
        presencePenalty: 0.1,
        frequencyPenalty: 0.3,
        user: 'u1',
      }),
      qwen,
      'ollama',
    );
    expect(body).toEqual({
      model: 'qwen3:8b',
      stream: true,
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'What is here,\nand what is the weather?', images: [PNG, PNG] },
        { role: 'assistant', content: '', thinking: 'Need weather.', tool_calls: [{ id: 'call_1', function: { index: 0, name: 'get_weather', arguments: { city: 'Tokyo' } } }] },
        { role: 'tool', content: '11 degrees', tool_name: 'get_weather', tool_call_id: 'call_1' },
      ],
      tools: [{ type: 'function', function: { name: 'get_weather', description: 'Weather', parameters: weather.parameters } }],
      format: { type: 'object' },
      think: true,
      options: { temperature: 0.2, top_p: 0.9, top_k: 40, seed: 7, stop: ['END'], num_predict: 256, presence_penalty: 0.1, frequency_penalty: 0.3 },
    });
  });

  it('sends a minimal body when nothing optional is set', () => {
    expect(encodeOllamaChatRequest(request({ stream: false }), qwen, 'ollama')).toEqual({
      model: 'qwen3:8b',
      stream: false,
      messages: [{ role: 'user', content: 'Hi' }],
    });
  });

  it('maps reasoning: levels only for models that take them (gpt-oss), booleans otherwise, none turns it off', () => {
    const think = (reasoning: ChatRequest['reasoning'], model = qwen) => encodeOllamaChatRequest(request({ reasoning }), model, 'ollama').think;
    expect(think('high', gptOss)).toBe('high');
    expect(think('minimal', gptOss)).toBe('low');
    expect(think('xhigh', gptOss)).toBe('high');
    expect(think('medium')).toBe(true);
    expect(think('none')).toBe(false);
    expect(think(false)).toBe(false);
    expect(think(undefined)).toBeUndefined();
  });

  it('uses "json" for JSON mode and leaves tools out when tool_choice is none', () => {
    const body = encodeOllamaChatRequest(request({ responseFormat: { type: 'json' }, tools: [weather], toolChoice: 'none' }), qwen, 'ollama');
    expect(body.format).toBe('json');
    expect(body.tools).toBeUndefined();
  });

  it('drops parameters the model rejects', () => {
    const model = testModelSpec({ id: 'x', unsupportedParams: ['temperature', 'topK'] });
    expect(encodeOllamaChatRequest(request({ temperature: 1, topK: 3, topP: 0.5 }), model, 'ollama').options).toEqual({ top_p: 0.5 });
  });

  it('rejects image URLs, which Ollama cannot fetch, with a clear 400', () => {
    const withUrl = request({ messages: [{ role: 'user', content: [{ type: 'image', source: 'url', url: 'https://example.com/cat.png' }] }] });
    expect(() => encodeOllamaChatRequest(withUrl, qwen, 'my-ollama')).toThrow(
      expect.objectContaining({ code: 'unsupported', status: 400, info: expect.objectContaining({ param: 'messages[0].content' }) }),
    );
    expect(() => encodeOllamaChatRequest(withUrl, qwen, 'my-ollama')).toThrow(/only as base64/);
  });

  it('rejects tool arguments that are not a JSON object, and sends empty ones as {}', () => {
    const call = (argumentsJson: string) =>
      encodeOllamaChatRequest(request({ messages: [{ role: 'assistant', content: '', toolCalls: [{ id: 'c', name: 'f', argumentsJson }] }] }), qwen, 'ollama');
    expect(() => call('[1,2]')).toThrow(expect.objectContaining({ code: 'invalid_request', status: 400 }));
    expect(() => call('{"a":')).toThrow(expect.objectContaining({ code: 'invalid_request' }));
    expect(call('').messages[0]?.tool_calls?.[0]?.function.arguments).toEqual({});
  });
});

describe('encodeOllamaGenerateRequest', () => {
  it('encodes a fill-in-the-middle prompt with system text and options', () => {
    const fim = { ...request({ stream: false, maxTokens: 32, messages: [{ role: 'system', content: 'Code only.' }, { role: 'user', content: [{ type: 'text', text: 'def f(' }] }] }), prompt: { text: 'def f(', suffix: '  return x' } };
    expect(encodeOllamaGenerateRequest(fim, testModelSpec({ id: 'qwen2.5-coder:1.5b' }))).toEqual({
      model: 'qwen2.5-coder:1.5b',
      prompt: 'def f(',
      suffix: '  return x',
      system: 'Code only.',
      stream: false,
      options: { num_predict: 32 },
    });
  });
});
