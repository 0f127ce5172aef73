// openai SDK → Switchboard (/v1/chat/completions) → the Anthropic provider → the fake Anthropic API.
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeAnthropic } from '../fakes/fake-anthropic.js';
import {
  CACHED_INPUT_TOTAL, CACHED_USAGE, CITY_SCHEMA, expectUpstreamHeaders, HAIKU, HAIKU_MAX_OUTPUT, lastMessagesRequest, PNG, SONNET_46, SONNET_55,
  startAnthropicUpstream, WEATHER_SCHEMA, type AnthropicUpstream,
} from './upstream-anthropic-harness.js';

type ReasoningMessage = OpenAI.Chat.ChatCompletionMessage & { reasoning_content?: string };
type ReasoningDelta = OpenAI.Chat.ChatCompletionChunk.Choice.Delta & { reasoning_content?: string };
type CacheUsageDetails = { cached_tokens?: number; cache_write_tokens?: number };

const TOOLS: OpenAI.Chat.ChatCompletionTool[] = [
  { type: 'function', function: { name: 'get_weather', description: 'Current weather', parameters: WEATHER_SCHEMA } },
];

let upstream: AnthropicUpstream;
let fake: FakeAnthropic;
let client: OpenAI;

beforeAll(async () => {
  upstream = await startAnthropicUpstream();
  fake = upstream.fake;
  // maxRetries 0: the SDK would otherwise retry 429/5xx and the fake's one-shot faults would look like successes.
  client = new OpenAI({ baseURL: `${upstream.proxy.url}/v1`, apiKey: 'client-key-not-forwarded', maxRetries: 0 });
});

afterAll(async () => {
  await upstream?.close();
});

describe('openai SDK → Anthropic upstream: requests', () => {
  it('hoists system messages, merges same-role turns, sends max_tokens, stop and temperature, and maps usage with cache counts', async () => {
    fake.reply({ content: 'Bonjour', usage: CACHED_USAGE });
    const completion = await client.chat.completions.create({
      model: HAIKU,
      messages: [
        { role: 'system', content: 'Be terse.' },
        { role: 'user', content: 'Hello' },
        { role: 'user', content: 'In French, please.' },
        { role: 'system', content: 'Never use English.' },
      ],
      max_completion_tokens: 77,
      stop: ['END', 'STOP'],
      temperature: 0.4,
    });
    expect(completion.choices[0]).toMatchObject({ message: { role: 'assistant', content: 'Bonjour' }, finish_reason: 'stop' });
    expect(completion.usage).toMatchObject({ prompt_tokens: CACHED_INPUT_TOTAL, completion_tokens: 5, total_tokens: CACHED_INPUT_TOTAL + 5 });
    expect(completion.usage?.prompt_tokens_details as CacheUsageDetails).toEqual({ cached_tokens: 100, cache_write_tokens: 20 });

    const sent = lastMessagesRequest(fake);
    expectUpstreamHeaders(sent);
    expect(sent.headers['x-api-key']).not.toContain('client-key');
    expect(sent.body).toEqual({
      model: HAIKU,
      max_tokens: 77,
      system: 'Be terse.\n\nNever use English.',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello' }, { type: 'text', text: 'In French, please.' }] }],
      stop_sequences: ['END', 'STOP'],
      temperature: 0.4,
    });
  });

  it("sends the catalog's max output when the client gives no limit, and drops sampling the model rejects", async () => {
    await client.chat.completions.create({ model: HAIKU, messages: [{ role: 'user', content: 'Hi' }] });
    expect(lastMessagesRequest(fake).body.max_tokens).toBe(HAIKU_MAX_OUTPUT);

    await client.chat.completions.create({ model: SONNET_55, messages: [{ role: 'user', content: 'Hi' }], temperature: 0.2, top_p: 0.9 });
    const sent = lastMessagesRequest(fake).body;
    expect(sent.max_tokens).toBe(128000);
    expect(sent).not.toHaveProperty('temperature');
    expect(sent).not.toHaveProperty('top_p');
  });

  it('reports a stop sequence as finish_reason stop', async () => {
    fake.reply({ content: 'one two', stopReason: 'stop_sequence', stopSequence: 'END' });
    const completion = await client.chat.completions.create({ model: HAIKU, messages: [{ role: 'user', content: 'count' }], stop: 'END' });
    expect(completion.choices[0]!.finish_reason).toBe('stop');
    expect(lastMessagesRequest(fake).body.stop_sequences).toEqual(['END']);
  });

  it('streams text in several chunks and ends with the usage chunk, cache counts included', async () => {
    fake.reply({ content: 'The quick brown fox jumps.', usage: CACHED_USAGE });
    const stream = await client.chat.completions.create({
      model: HAIKU,
      messages: [{ role: 'user', content: 'Say it' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const texts: string[] = [];
    let finish: string | null = null;
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      const choice = chunk.choices[0];
      if (choice?.delta.content) texts.push(choice.delta.content);
      if (choice?.finish_reason) finish = choice.finish_reason;
      if (chunk.usage) usage = chunk.usage;
    }
    expect(texts.length).toBeGreaterThan(1);
    expect(texts.join('')).toBe('The quick brown fox jumps.');
    expect(finish).toBe('stop');
    expect(usage).toMatchObject({ prompt_tokens: CACHED_INPUT_TOTAL, completion_tokens: 5 });
    expect(usage?.prompt_tokens_details as CacheUsageDetails).toEqual({ cached_tokens: 100, cache_write_tokens: 20 });
    expect(lastMessagesRequest(fake).body.stream).toBe(true);
  });

  it('runs a two-turn tool call: tool_use ids come back as tool_calls and return as one user turn of tool_result blocks', async () => {
    fake.reply({
      toolCalls: [
        { id: 'toolu_01Paris', name: 'get_weather', input: { city: 'Paris' } },
        { id: 'toolu_01Rome', name: 'get_weather', input: { city: 'Rome' } },
      ],
    });
    const messages: OpenAI.Chat.ChatCompletionMessageParam[] = [{ role: 'user', content: 'Weather in Paris and Rome?' }];
    const first = await client.chat.completions.create({ model: HAIKU, messages, tools: TOOLS, tool_choice: 'auto' });
    const calls = first.choices[0]!.message.tool_calls ?? [];
    expect(first.choices[0]!.finish_reason).toBe('tool_calls');
    expect(calls.map((call) => call.id)).toEqual(['toolu_01Paris', 'toolu_01Rome']);
    expect(calls.map((call) => call.type === 'function' && JSON.parse(call.function.arguments))).toEqual([{ city: 'Paris' }, { city: 'Rome' }]);
    expect(lastMessagesRequest(fake).body).toMatchObject({
      tools: [{ name: 'get_weather', description: 'Current weather', input_schema: WEATHER_SCHEMA }],
      tool_choice: { type: 'auto' },
    });

    fake.reply({ content: 'Sunny in Paris, rainy in Rome.' });
    const second = await client.chat.completions.create({
      model: HAIKU,
      tools: TOOLS,
      messages: [
        ...messages,
        first.choices[0]!.message,
        { role: 'tool', tool_call_id: 'toolu_01Paris', content: 'Sunny' },
        { role: 'tool', tool_call_id: 'toolu_01Rome', content: 'Rainy' },
      ],
    });
    expect(second.choices[0]!.message.content).toBe('Sunny in Paris, rainy in Rome.');
    const sent = lastMessagesRequest(fake).body;
    expect(sent.messages[1]).toEqual({
      role: 'assistant',
      content: [
        { type: 'tool_use', id: 'toolu_01Paris', name: 'get_weather', input: { city: 'Paris' } },
        { type: 'tool_use', id: 'toolu_01Rome', name: 'get_weather', input: { city: 'Rome' } },
      ],
    });
    expect(sent.messages[2]).toEqual({
      role: 'user',
      content: [
        { type: 'tool_result', tool_use_id: 'toolu_01Paris', content: 'Sunny' },
        { type: 'tool_result', tool_use_id: 'toolu_01Rome', content: 'Rainy' },
      ],
    });
  });

  it('sends a data-URL image as a base64 image block with media_type image/png', async () => {
    fake.reply({ content: 'A pixel.' });
    await client.chat.completions.create({
      model: HAIKU,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'What is it?' }, { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG}` } }] }],
    });
    expect(lastMessagesRequest(fake).body.messages[0].content).toEqual([
      { type: 'text', text: 'What is it?' },
      { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG } },
    ]);
  });

  it('asks for json_schema output with output_config.format and hands the JSON text back', async () => {
    fake.reply({ content: '{"city":"Paris","population":2100000}' });
    const completion = await client.chat.completions.create({
      model: HAIKU,
      messages: [{ role: 'user', content: 'Largest French city?' }],
      response_format: { type: 'json_schema', json_schema: { name: 'city', schema: CITY_SCHEMA, strict: true } },
    });
    expect(JSON.parse(completion.choices[0]!.message.content!)).toEqual({ city: 'Paris', population: 2100000 });
    const sent = lastMessagesRequest(fake).body;
    expect(sent.output_config).toEqual({ format: { type: 'json_schema', schema: CITY_SCHEMA } });
    expect(sent).not.toHaveProperty('tools');

    // json_object has no Anthropic counterpart: an instruction in the system prompt is the nearest.
    fake.reply({ content: '{"ok":true}' });
    await client.chat.completions.create({ model: HAIKU, messages: [{ role: 'user', content: 'ok?' }], response_format: { type: 'json_object' } });
    expect(lastMessagesRequest(fake).body.system).toMatch(/valid JSON/);
  });
});

describe('openai SDK → Anthropic upstream: reasoning', () => {
  it('turns reasoning_effort into a thinking budget below max_tokens, and thinking into reasoning_content', async () => {
    fake.reply({ thinking: 'The user wants a number.', content: '42', usage: { input_tokens: 8, output_tokens: 30, thinking_tokens: 20 } });
    const completion = await client.chat.completions.create({
      model: HAIKU,
      messages: [{ role: 'user', content: 'Answer?' }],
      reasoning_effort: 'low',
      max_completion_tokens: 2000,
      temperature: 0.5,
    });
    const message = completion.choices[0]!.message as ReasoningMessage;
    expect(message.content).toBe('42');
    expect(message.reasoning_content).toBe('The user wants a number.');
    expect(completion.usage?.completion_tokens_details?.reasoning_tokens).toBe(20);
    const sent = lastMessagesRequest(fake).body;
    expect(sent.thinking).toEqual({ type: 'enabled', budget_tokens: 4096 });
    expect(sent.max_tokens).toBeGreaterThan(4096);
    expect(sent).not.toHaveProperty('temperature'); // the API allows only the default with thinking on
  });

  it('gives a model with efforts adaptive thinking and output_config.effort', async () => {
    await client.chat.completions.create({ model: SONNET_46, messages: [{ role: 'user', content: 'Hi' }], reasoning_effort: 'high' });
    const sent = lastMessagesRequest(fake).body;
    expect(sent.thinking).toEqual({ type: 'adaptive', display: 'summarized' });
    expect(sent.output_config).toEqual({ effort: 'high' });
  });

  it('streams thinking as reasoning_content deltas and puts the signed thinking back into the tool turn', async () => {
    fake.reply({ thinking: 'I should call the weather tool.', toolCalls: [{ id: 'toolu_01Think', name: 'get_weather', input: { city: 'Oslo' } }] });
    const messages: OpenAI.Chat.ChatCompletionMessageParam[] = [{ role: 'user', content: 'Weather in Oslo?' }];
    const stream = await client.chat.completions.create({ model: HAIKU, messages, tools: TOOLS, reasoning_effort: 'medium', stream: true });
    let reasoning = '';
    let args = '';
    for await (const chunk of stream) {
      const delta = chunk.choices[0]?.delta as ReasoningDelta | undefined;
      reasoning += delta?.reasoning_content ?? '';
      args += delta?.tool_calls?.[0]?.function?.arguments ?? '';
    }
    expect(reasoning).toBe('I should call the weather tool.');
    expect(JSON.parse(args)).toEqual({ city: 'Oslo' });
    expect(lastMessagesRequest(fake).body.thinking).toEqual({ type: 'enabled', budget_tokens: 10240 });

    // The client sends the tool turn back without the thinking (OpenAI has no signature); the fake requires it.
    fake.reply({ content: 'Cold.' });
    const second = await client.chat.completions.create({
      model: HAIKU,
      tools: TOOLS,
      reasoning_effort: 'medium',
      messages: [
        ...messages,
        { role: 'assistant', content: null, tool_calls: [{ id: 'toolu_01Think', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } }] },
        { role: 'tool', tool_call_id: 'toolu_01Think', content: '-5C' },
      ],
    });
    expect(second.choices[0]!.message.content).toBe('Cold.');
    const turn = lastMessagesRequest(fake).body.messages[1];
    expect(turn.content[0]).toMatchObject({ type: 'thinking', thinking: 'I should call the weather tool.', signature: expect.stringMatching(/^Eq/) });
    expect(turn.content[1]).toMatchObject({ type: 'tool_use', id: 'toolu_01Think' });
  });
});

describe('openai SDK → Anthropic upstream: failures', () => {
  const params = { model: HAIKU, messages: [{ role: 'user' as const, content: 'x' }] };

  it('maps 429 (with retry-after), 500 and 529 to APIErrors with 429, 502 and 503', async () => {
    fake.fail({ kind: 'status', status: 429, headers: { 'retry-after': '7' } });
    const limited = await client.chat.completions.create(params).catch((error: unknown) => error);
    expect(limited).toBeInstanceOf(OpenAI.RateLimitError);
    expect(limited).toMatchObject({ status: 429, code: 'rate_limit_exceeded', type: 'rate_limit_error' });
    expect((limited as InstanceType<typeof OpenAI.APIError>).headers?.get('retry-after')).toBe('7');

    fake.fail({ kind: 'status', status: 500 });
    const failed = await client.chat.completions.create(params).catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(OpenAI.InternalServerError);
    expect(failed).toMatchObject({ status: 502, type: 'server_error', code: 'upstream_error' });

    fake.fail({ kind: 'status', status: 529 });
    const overloaded = await client.chat.completions.create({ ...params, stream: true }).catch((error: unknown) => error);
    expect(overloaded).toBeInstanceOf(OpenAI.InternalServerError);
    expect(overloaded).toMatchObject({ status: 503, code: 'upstream_overloaded' });
    expect((overloaded as InstanceType<typeof OpenAI.APIError>).headers?.get('retry-after')).toBe('1');
  });

  it('throws from the stream when the upstream drops the connection mid-stream, after the text so far', async () => {
    fake.reply({ content: 'This answer will be cut off.' });
    fake.fail({ kind: 'drop-mid-stream', afterChunks: 5 });
    const stream = await client.chat.completions.create({ ...params, stream: true });
    let text = '';
    const error = await (async () => {
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    })().then(() => undefined, (caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect(text.length).toBeGreaterThan(0);
    expect(text).not.toBe('This answer will be cut off.');
  });

  it('throws from the stream on an in-band overloaded error event', async () => {
    fake.fail({ kind: 'stream-error-event', afterChunks: 4 });
    const stream = await client.chat.completions.create({ ...params, stream: true });
    const error = await (async () => {
      for await (const _chunk of stream) {
        // drain until the error
      }
    })().then(() => undefined, (caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect(String((error as Error).message)).toMatch(/overloaded/i);
  });

  it('closes the upstream connection when the client aborts its stream', async () => {
    fake.reply({ content: 'A long answer that never finishes.' });
    fake.fail({ kind: 'stall', afterChunks: 4 });
    const controller = new AbortController();
    const stream = await client.chat.completions.create({ ...params, stream: true }, { signal: controller.signal });
    const consumed = (async () => {
      for await (const chunk of stream) if (chunk.choices[0]?.delta.content) controller.abort();
    })().then(() => undefined, (caught: unknown) => caught);
    await fake.clientAborted();
    // The SDK ends an aborted stream's iteration quietly rather than throwing.
    expect(await consumed).toBeUndefined();
    expect(controller.signal.aborted).toBe(true);
  });
});
