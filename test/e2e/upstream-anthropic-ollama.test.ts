// ollama-js → Switchboard (/api/chat) → the Anthropic provider → the fake Anthropic API.
import { Ollama, type Message, type Tool } from 'ollama';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeAnthropic } from '../fakes/fake-anthropic.js';
import {
  CACHED_INPUT_TOTAL, CACHED_USAGE, CITY_SCHEMA, expectUpstreamHeaders, HAIKU, HAIKU_MAX_OUTPUT, lastMessagesRequest, PNG, startAnthropicUpstream,
  WEATHER_SCHEMA, type AnthropicUpstream,
} from './upstream-anthropic-harness.js';

/** ollama-js throws its ResponseError (not exported) for HTTP errors: the message plus the status. */
type OllamaResponseError = Error & { error: string; status_code: number };

const TOOLS: Tool[] = [{ type: 'function', function: { name: 'get_weather', description: 'Current weather', parameters: WEATHER_SCHEMA } }];
/** The catalog alias with the tag Ollama clients add. */
const MODEL = 'claude-haiku-4-5:latest';

let upstream: AnthropicUpstream;
let fake: FakeAnthropic;
let ollama: Ollama;

beforeAll(async () => {
  upstream = await startAnthropicUpstream();
  fake = upstream.fake;
  ollama = new Ollama({ host: upstream.proxy.url });
});

afterAll(async () => {
  await upstream?.close();
});

async function failure(promise: Promise<unknown>): Promise<OllamaResponseError> {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(Error);
  return error as OllamaResponseError;
}

describe('ollama-js → Anthropic upstream: requests', () => {
  it('hoists the system prompt, merges same-role turns, maps options, and counts cached tokens in prompt_eval_count', async () => {
    fake.reply({ content: 'Bonjour', usage: CACHED_USAGE });
    const response = await ollama.chat({
      model: MODEL,
      messages: [
        { role: 'system', content: 'Be terse.' },
        { role: 'user', content: 'Hello' },
        { role: 'user', content: 'In French, please.' },
      ],
      options: { num_predict: 99, stop: ['END'], temperature: 0.3, top_k: 20 },
    });
    expect(response.message).toMatchObject({ role: 'assistant', content: 'Bonjour' });
    // Ollama has no cache fields: prompt_eval_count is the whole prompt, cached or not.
    expect(response).toMatchObject({ done: true, done_reason: 'stop', prompt_eval_count: CACHED_INPUT_TOTAL, eval_count: 5 });

    const sent = lastMessagesRequest(fake);
    expectUpstreamHeaders(sent);
    expect(sent.body).toEqual({
      model: HAIKU,
      max_tokens: 99,
      system: 'Be terse.',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello' }, { type: 'text', text: 'In French, please.' }] }],
      stop_sequences: ['END'],
      temperature: 0.3,
      top_k: 20,
    });
  });

  it("sends the catalog's max output as max_tokens when num_predict is not set", async () => {
    await ollama.chat({ model: MODEL, messages: [{ role: 'user', content: 'Hi' }] });
    expect(lastMessagesRequest(fake).body.max_tokens).toBe(HAIKU_MAX_OUTPUT);
  });

  it('streams text in several chunks and ends with a done chunk carrying the counts', async () => {
    fake.reply({ content: 'The quick brown fox jumps.', usage: CACHED_USAGE });
    const stream = await ollama.chat({ model: MODEL, messages: [{ role: 'user', content: 'Say it' }], stream: true });
    const texts: string[] = [];
    let last: { done: boolean; done_reason?: string; prompt_eval_count?: number; eval_count?: number } | undefined;
    for await (const part of stream) {
      if (part.message.content) texts.push(part.message.content);
      last = part;
    }
    expect(texts.length).toBeGreaterThan(1);
    expect(texts.join('')).toBe('The quick brown fox jumps.');
    expect(last).toMatchObject({ done: true, done_reason: 'stop', prompt_eval_count: CACHED_INPUT_TOTAL, eval_count: 5 });
    expect(lastMessagesRequest(fake).body.stream).toBe(true);
  });

  it('runs a two-turn tool call where results name only the tool: the fake gets tool_result blocks with the tool_use ids', async () => {
    fake.reply({
      toolCalls: [
        { id: 'toolu_01Paris', name: 'get_weather', input: { city: 'Paris' } },
        { id: 'toolu_01Rome', name: 'get_weather', input: { city: 'Rome' } },
      ],
    });
    const messages: Message[] = [{ role: 'user', content: 'Weather in Paris and Rome?' }];
    const first = await ollama.chat({ model: MODEL, messages, tools: TOOLS });
    expect(first.message.tool_calls?.map((call) => call.function)).toEqual([
      expect.objectContaining({ name: 'get_weather', arguments: { city: 'Paris' } }),
      expect.objectContaining({ name: 'get_weather', arguments: { city: 'Rome' } }),
    ]);
    expect(lastMessagesRequest(fake).body.tools).toEqual([{ name: 'get_weather', description: 'Current weather', input_schema: WEATHER_SCHEMA }]);

    fake.reply({ content: 'Sunny in Paris, rainy in Rome.' });
    // Older Ollama clients send tool results with tool_name only; results answer the calls in order.
    const second = await ollama.chat({
      model: MODEL,
      tools: TOOLS,
      messages: [
        ...messages,
        { role: 'assistant', content: '', tool_calls: first.message.tool_calls!.map((call) => ({ function: call.function })) },
        { role: 'tool', tool_name: 'get_weather', content: 'Sunny' },
        { role: 'tool', tool_name: 'get_weather', content: 'Rainy' },
      ],
    });
    expect(second.message.content).toBe('Sunny in Paris, rainy in Rome.');
    const sent = lastMessagesRequest(fake).body;
    expect(sent.messages[1].content.map((block: { type: string; id: string }) => [block.type, block.id])).toEqual([
      ['tool_use', expect.any(String)],
      ['tool_use', expect.any(String)],
    ]);
    const [parisId, romeId] = sent.messages[1].content.map((block: { id: string }) => block.id);
    expect(sent.messages[2]).toEqual({
      role: 'user',
      content: [
        { type: 'tool_result', tool_use_id: parisId, content: 'Sunny' },
        { type: 'tool_result', tool_use_id: romeId, content: 'Rainy' },
      ],
    });
  });

  it('keeps the tool_use ids when the client sends the calls back as it got them', async () => {
    fake.reply({ toolCalls: [{ id: 'toolu_01Oslo', name: 'get_weather', input: { city: 'Oslo' } }] });
    const messages: Message[] = [{ role: 'user', content: 'Weather in Oslo?' }];
    const first = await ollama.chat({ model: MODEL, messages, tools: TOOLS });
    fake.reply({ content: 'Cold.' });
    await ollama.chat({ model: MODEL, tools: TOOLS, messages: [...messages, first.message, { role: 'tool', tool_name: 'get_weather', content: '-5C' }] });
    const sent = lastMessagesRequest(fake).body;
    expect(sent.messages[1].content).toEqual([{ type: 'tool_use', id: 'toolu_01Oslo', name: 'get_weather', input: { city: 'Oslo' } }]);
    expect(sent.messages[2].content).toEqual([{ type: 'tool_result', tool_use_id: 'toolu_01Oslo', content: '-5C' }]);
  });

  it('sends a base64 image as an image block with the sniffed media_type image/png', async () => {
    fake.reply({ content: 'A pixel.' });
    await ollama.chat({ model: MODEL, messages: [{ role: 'user', content: 'What is it?', images: [PNG] }] });
    expect(lastMessagesRequest(fake).body.messages[0].content).toEqual([
      { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG } },
      { type: 'text', text: 'What is it?' },
    ]);
  });

  it('asks for a format schema with output_config.format, and format "json" with a system instruction', async () => {
    fake.reply({ content: '{"city":"Paris","population":2100000}' });
    const response = await ollama.chat({ model: MODEL, messages: [{ role: 'user', content: 'Largest French city?' }], format: CITY_SCHEMA });
    expect(JSON.parse(response.message.content)).toEqual({ city: 'Paris', population: 2100000 });
    expect(lastMessagesRequest(fake).body.output_config).toEqual({ format: { type: 'json_schema', schema: CITY_SCHEMA } });

    fake.reply({ content: '{"ok":true}' });
    const json = await ollama.chat({ model: MODEL, messages: [{ role: 'user', content: 'ok?' }], format: 'json' });
    expect(JSON.parse(json.message.content)).toEqual({ ok: true });
    const sent = lastMessagesRequest(fake).body;
    expect(sent.system).toMatch(/valid JSON/);
    expect(sent).not.toHaveProperty('output_config');
  });
});

describe('ollama-js → Anthropic upstream: thinking', () => {
  it('turns think:true into a thinking budget below max_tokens, and thinking into message.thinking', async () => {
    fake.reply({ thinking: 'The user wants a number.', content: '42' });
    const response = await ollama.chat({ model: MODEL, messages: [{ role: 'user', content: 'Answer?' }], think: true, options: { num_predict: 2000 } });
    expect(response.message).toMatchObject({ content: '42', thinking: 'The user wants a number.' });
    const sent = lastMessagesRequest(fake).body;
    expect(sent.thinking).toEqual({ type: 'enabled', budget_tokens: 10240 });
    expect(sent.max_tokens).toBeGreaterThan(10240);
  });

  it('streams thinking apart from content', async () => {
    fake.reply({ thinking: 'Let me think about it.', content: 'Forty-two.' });
    const stream = await ollama.chat({ model: MODEL, messages: [{ role: 'user', content: 'Answer?' }], think: 'high', stream: true });
    let thinking = '';
    let content = '';
    for await (const part of stream) {
      thinking += part.message.thinking ?? '';
      content += part.message.content;
    }
    expect(thinking).toBe('Let me think about it.');
    expect(content).toBe('Forty-two.');
    expect(lastMessagesRequest(fake).body.thinking).toEqual({ type: 'enabled', budget_tokens: 24576 });
  });
});

describe('ollama-js → Anthropic upstream: failures', () => {
  const params = { model: MODEL, messages: [{ role: 'user', content: 'x' }] };

  it('maps 429, 500 and 529 to ResponseErrors with status_code 429, 502 and 503', async () => {
    fake.fail({ kind: 'status', status: 429, headers: { 'retry-after': '7' } });
    const limited = await failure(ollama.chat(params));
    expect(limited).toMatchObject({ name: 'ResponseError', status_code: 429 });
    expect(limited.error).toMatch(/rate limit/);

    fake.fail({ kind: 'status', status: 500 });
    expect(await failure(ollama.chat(params))).toMatchObject({ name: 'ResponseError', status_code: 502 });

    fake.fail({ kind: 'status', status: 529 });
    const overloaded = await failure(ollama.chat({ ...params, stream: true }));
    expect(overloaded).toMatchObject({ name: 'ResponseError', status_code: 503 });
    expect(overloaded.error).toMatch(/overloaded/);
  });

  it('passes the upstream retry-after on with the 429', async () => {
    fake.fail({ kind: 'status', status: 429, headers: { 'retry-after': '7' } });
    const response = await fetch(`${upstream.proxy.url}/api/chat`, { method: 'POST', body: JSON.stringify({ ...params, stream: false }) });
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('7');
    expect(await response.json()).toEqual({ error: expect.stringMatching(/rate limit/) });
  });

  it('throws from the stream when the upstream drops the connection mid-stream, after the text so far', async () => {
    fake.reply({ content: 'This answer will be cut off.' });
    fake.fail({ kind: 'drop-mid-stream', afterChunks: 5 });
    const stream = await ollama.chat({ ...params, stream: true });
    let text = '';
    const error = await (async () => {
      for await (const part of stream) text += part.message.content;
    })().then(() => undefined, (caught: unknown) => caught);
    expect(error).toBeInstanceOf(Error);
    expect(String((error as Error).message)).toMatch(/anthropic/);
    expect(text.length).toBeGreaterThan(0);
    expect(text).not.toBe('This answer will be cut off.');
  });

  it('closes the upstream connection when the client aborts its stream', async () => {
    fake.reply({ content: 'A long answer that never finishes.' });
    fake.fail({ kind: 'stall', afterChunks: 4 });
    const stream = await ollama.chat({ ...params, stream: true });
    const consumed = (async () => {
      for await (const part of stream) if (part.message.content) stream.abort();
    })().then(() => undefined, (caught: unknown) => caught);
    await fake.clientAborted();
    expect(await consumed).toMatchObject({ name: 'AbortError' });
  });
});
