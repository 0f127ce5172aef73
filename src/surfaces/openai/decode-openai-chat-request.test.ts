import { describe, expect, it } from 'vitest';
import { toProxyError } from '../../util/to-proxy-error.js';
import { thrown } from './__fixtures__/openai-test-helpers.js';
import { decodeOpenAIChatRequest } from './decode-openai-chat-request.js';

const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
const JPEG = '/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHRofHh0aHBwgJC4nICIsIxwcKDcpLDAxNDQ0Hyc5PTgyPC4zNDL/';

const user = (content: unknown) => ({ role: 'user', content });

/** What a decoder threw, normalized as the error handler would (zod errors become 400s too). */
function failure(body: unknown) {
  return toProxyError(thrown(() => decodeOpenAIChatRequest(body)));
}

describe('decodeOpenAIChatRequest', () => {
  it('decodes a minimal request with stream defaulting to false and the model string as-is', () => {
    expect(decodeOpenAIChatRequest({ model: 'openai/gpt-4o:latest', messages: [user('Hi')] })).toEqual({
      request: { model: 'openai/gpt-4o:latest', stream: false, messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }] },
      includeUsage: false,
    });
  });

  it('requires model and a non-empty messages array, naming the field', () => {
    expect(failure({ messages: [user('x')] })).toMatchObject({ status: 400, code: 'invalid_request', info: { param: 'model' } });
    expect(failure({ model: 'm', messages: [] })).toMatchObject({ status: 400, info: { param: 'messages' } });
    expect(failure({ model: 'm' })).toMatchObject({ status: 400, info: { param: 'messages' } });
    expect(failure({ model: 'm', messages: [{ role: 'wizard', content: 'x' }] })).toMatchObject({
      status: 400,
      info: { param: 'messages[0].role' },
    });
    expect(failure({ model: 'm', messages: [user('x')], temperature: 'hot' })).toMatchObject({ status: 400, info: { param: 'temperature' } });
  });

  it('keeps system and developer messages in order as system messages', () => {
    const { request } = decodeOpenAIChatRequest({
      model: 'm',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'developer', content: [{ type: 'text', text: 'Use French.' }, { type: 'text', text: 'No emoji.' }] },
        user('Hi'),
      ],
    });
    expect(request.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'system', content: 'Use French.\nNo emoji.' },
      { role: 'user', content: [{ type: 'text', text: 'Hi' }] },
    ]);
  });

  it('decodes image parts: data URLs (declared or sniffed type), http URLs and bare strings', () => {
    const { request } = decodeOpenAIChatRequest({
      model: 'm',
      messages: [
        user([
          { type: 'text', text: 'What is in these?' },
          { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG}`, detail: 'low' } },
          { type: 'image_url', image_url: { url: `data:;base64,${JPEG}` } },
          { type: 'image_url', image_url: { url: 'https://example.com/cat.webp' } },
          { type: 'image_url', image_url: `data:application/octet-stream;base64,${PNG}` },
        ]),
      ],
    });
    expect(request.messages[0]).toEqual({
      role: 'user',
      content: [
        { type: 'text', text: 'What is in these?' },
        { type: 'image', source: 'base64', mediaType: 'image/png', data: PNG },
        { type: 'image', source: 'base64', mediaType: 'image/jpeg', data: JPEG },
        { type: 'image', source: 'url', url: 'https://example.com/cat.webp' },
        { type: 'image', source: 'base64', mediaType: 'image/png', data: PNG },
      ],
    });
  });

  it('rejects audio and file parts and unusable image URLs, naming the part', () => {
    const audio = failure({ model: 'm', messages: [user([{ type: 'text', text: 'hi' }, { type: 'input_audio', input_audio: { data: 'AA', format: 'wav' } }])] });
    expect(audio).toMatchObject({ status: 400, code: 'unsupported', info: { param: 'messages[0].content[1]' } });
    expect(audio.message).toContain('input_audio');
    expect(failure({ model: 'm', messages: [user([{ type: 'file', file: { file_id: 'f' } }])] }).message).toContain("'file'");
    expect(failure({ model: 'm', messages: [user([{ type: 'image_url', image_url: { url: 'ftp://x/y.png' } }])] })).toMatchObject({
      status: 400,
      info: { param: 'messages[0].content[0].image_url' },
    });
  });

  it('decodes assistant tool calls, reasoning and tool results, inferring the tool name from the call id', () => {
    const { request } = decodeOpenAIChatRequest({
      model: 'm',
      messages: [
        user('Weather in Tokyo and Paris?'),
        {
          role: 'assistant',
          content: null,
          reasoning_content: 'Two cities, two calls.',
          tool_calls: [
            { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Tokyo"}' } },
            { id: 'call_2', type: 'function', function: { name: 'get_time', arguments: { city: 'Paris' } } },
          ],
        },
        { role: 'tool', tool_call_id: 'call_2', content: [{ type: 'text', text: '10:00' }] },
        { role: 'tool', tool_call_id: 'call_1', content: '22C' },
        { role: 'tool', tool_call_id: 'call_unknown', content: '?' },
        { role: 'assistant', content: 'Done.', reasoning: 'OpenRouter style' },
      ],
    });
    expect(request.messages.slice(1)).toEqual([
      {
        role: 'assistant',
        content: '',
        reasoning: 'Two cities, two calls.',
        toolCalls: [
          { id: 'call_1', name: 'get_weather', argumentsJson: '{"city":"Tokyo"}' },
          { id: 'call_2', name: 'get_time', argumentsJson: '{"city":"Paris"}' },
        ],
      },
      { role: 'tool', toolCallId: 'call_2', toolName: 'get_time', content: '10:00' },
      { role: 'tool', toolCallId: 'call_1', toolName: 'get_weather', content: '22C' },
      { role: 'tool', toolCallId: 'call_unknown', content: '?' },
      { role: 'assistant', content: 'Done.', reasoning: 'OpenRouter style' },
    ]);
  });

  it('rejects the deprecated function role', () => {
    expect(failure({ model: 'm', messages: [{ role: 'function', name: 'f', content: 'x' }] })).toMatchObject({
      status: 400,
      info: { param: 'messages[0].role' },
    });
  });

  it('decodes function tools and every tool_choice form, and rejects other tool types', () => {
    const tools = [
      { type: 'function', function: { name: 'get_weather', description: 'Weather', parameters: { type: 'object', properties: { city: { type: 'string' } } }, strict: true } },
      { type: 'function', function: { name: 'ping' } },
    ];
    const decode = (tool_choice: unknown) => decodeOpenAIChatRequest({ model: 'm', messages: [user('x')], tools, tool_choice, parallel_tool_calls: false }).request;
    const request = decode('required');
    expect(request.tools).toEqual([
      { name: 'get_weather', description: 'Weather', parameters: { type: 'object', properties: { city: { type: 'string' } } }, strict: true },
      { name: 'ping', parameters: { type: 'object', properties: {} } },
    ]);
    expect(request.toolChoice).toBe('required');
    expect(request.parallelToolCalls).toBe(false);
    expect(decode('none').toolChoice).toBe('none');
    expect(decode('auto').toolChoice).toBe('auto');
    expect(decode({ type: 'function', function: { name: 'ping' } }).toolChoice).toEqual({ name: 'ping' });
    expect(failure({ model: 'm', messages: [user('x')], tool_choice: 'sometimes' })).toMatchObject({ status: 400, info: { param: 'tool_choice' } });
    expect(failure({ model: 'm', messages: [user('x')], tools: [{ type: 'custom', custom: { name: 'grammar' } }] })).toMatchObject({
      status: 400,
      code: 'unsupported',
      info: { param: 'tools[0].type' },
    });
    expect(decodeOpenAIChatRequest({ model: 'm', messages: [user('x')], tools: [] }).request.tools).toBeUndefined();
  });

  it('decodes response_format text, json_object and json_schema', () => {
    const decode = (response_format: unknown) => decodeOpenAIChatRequest({ model: 'm', messages: [user('x')], response_format }).request.responseFormat;
    expect(decode({ type: 'text' })).toEqual({ type: 'text' });
    expect(decode({ type: 'json_object' })).toEqual({ type: 'json' });
    const schema = { type: 'object', properties: { answer: { type: 'string' } }, required: ['answer'] };
    expect(decode({ type: 'json_schema', json_schema: { name: 'answer', schema, strict: true } })).toEqual({ type: 'json-schema', schema, name: 'answer', strict: true });
    expect(decode({ type: 'json_schema', json_schema: { name: 'loose' } })).toEqual({ type: 'json' });
    expect(failure({ model: 'm', messages: [user('x')], response_format: { type: 'grammar' } })).toMatchObject({ status: 400, info: { param: 'response_format.type' } });
  });

  it('decodes reasoning from reasoning_effort or reasoning.effort, and rejects unknown efforts', () => {
    const decode = (extra: object) => decodeOpenAIChatRequest({ model: 'm', messages: [user('x')], ...extra }).request.reasoning;
    expect(decode({ reasoning_effort: 'high' })).toBe('high');
    expect(decode({ reasoning: { effort: 'minimal' } })).toBe('minimal');
    expect(decode({ reasoning_effort: 'none' })).toBe('none');
    expect(decode({ reasoning: { enabled: false } })).toBe(false);
    expect(decode({})).toBeUndefined();
    expect(failure({ model: 'm', messages: [user('x')], reasoning_effort: 'extreme' })).toMatchObject({ status: 400, info: { param: 'reasoning_effort' } });
  });

  it('decodes sampling fields, preferring max_completion_tokens over max_tokens', () => {
    const { request } = decodeOpenAIChatRequest({
      model: 'm',
      messages: [user('x')],
      max_tokens: 100,
      max_completion_tokens: 200,
      temperature: 0.2,
      top_p: 0.9,
      stop: 'END',
      seed: 7,
      presence_penalty: 0.5,
      frequency_penalty: -0.5,
      n: 1,
      user: 'u-1',
      top_k: 40,
      logprobs: null,
    });
    expect(request).toEqual({
      model: 'm',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'x' }] }],
      stream: false,
      maxTokens: 200,
      temperature: 0.2,
      topP: 0.9,
      stop: ['END'],
      seed: 7,
      presencePenalty: 0.5,
      frequencyPenalty: -0.5,
      user: 'u-1',
      topK: 40,
      passthrough: { top_k: 40 },
    });
    expect(decodeOpenAIChatRequest({ model: 'm', messages: [user('x')], max_tokens: 50, stop: ['a', 'b'] }).request).toMatchObject({ maxTokens: 50, stop: ['a', 'b'] });
  });

  it('rejects n > 1 naming n', () => {
    expect(failure({ model: 'm', messages: [user('x')], n: 2 })).toMatchObject({ status: 400, message: 'n > 1 is not supported', info: { param: 'n' } });
  });

  it('keeps every field it does not decode in passthrough, for the provider to filter', () => {
    const { request } = decodeOpenAIChatRequest({
      model: 'm',
      messages: [user('x')],
      logprobs: true,
      top_logprobs: 3,
      logit_bias: { '50256': -100 },
      service_tier: 'flex',
      metadata: { team: 'a' },
      store: false,
      verbosity: 'low',
      min_p: 0.05,
      repetition_penalty: 1.1,
      web_search_options: { search_context_size: 'low' },
      some_future_field: 1,
      keep_alive: '5m',
    });
    expect(request.passthrough).toEqual({
      logprobs: true,
      top_logprobs: 3,
      logit_bias: { '50256': -100 },
      service_tier: 'flex',
      metadata: { team: 'a' },
      store: false,
      verbosity: 'low',
      min_p: 0.05,
      repetition_penalty: 1.1,
      web_search_options: { search_context_size: 'low' },
      some_future_field: 1,
      keep_alive: '5m',
    });
  });

  it('returns include_usage alongside the request, only when streaming', () => {
    const streaming = decodeOpenAIChatRequest({ model: 'm', messages: [user('x')], stream: true, stream_options: { include_usage: true } });
    expect(streaming.request.stream).toBe(true);
    expect(streaming.includeUsage).toBe(true);
    expect(decodeOpenAIChatRequest({ model: 'm', messages: [user('x')], stream: true }).includeUsage).toBe(false);
    expect(decodeOpenAIChatRequest({ model: 'm', messages: [user('x')], stream_options: { include_usage: true } }).includeUsage).toBe(false);
  });
});
