// @anthropic-ai/sdk → Switchboard (/v1/messages) → the Anthropic provider → the fake Anthropic API. Same dialect
// on both sides: the client's body goes on as it is (native passthrough), with only the model id and stream changed.
import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeAnthropic } from '../fakes/fake-anthropic.js';
import {
  CACHED_USAGE, CITY_SCHEMA, expectUpstreamHeaders, HAIKU, lastMessagesRequest, PNG, startAnthropicUpstream, WEATHER_SCHEMA,
  type AnthropicUpstream,
} from './upstream-anthropic-harness.js';

const WEATHER_TOOL = { name: 'get_weather', description: 'Current weather', input_schema: WEATHER_SCHEMA as Anthropic.Tool.InputSchema };
const CLIENT_KEY = 'sk-ant-client-key-not-forwarded';

let upstream: AnthropicUpstream;
let fake: FakeAnthropic;
let client: Anthropic;

beforeAll(async () => {
  upstream = await startAnthropicUpstream();
  fake = upstream.fake;
  client = new Anthropic({ baseURL: upstream.proxy.url, apiKey: CLIENT_KEY, maxRetries: 0 });
});

afterAll(async () => {
  await upstream?.close();
});

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(() => undefined, (caught: unknown) => caught);
}

describe('@anthropic-ai/sdk → Anthropic upstream: native passthrough', () => {
  it('forwards cache_control, thinking, metadata and the anthropic-beta header unchanged, with our key and version', async () => {
    fake.reply({ thinking: 'Short.', content: 'Hi!', usage: CACHED_USAGE });
    const params = {
      model: 'claude-haiku-4-5',
      max_tokens: 4000,
      system: [{ type: 'text' as const, text: 'You are terse.', cache_control: { type: 'ephemeral' as const, ttl: '1h' as const } }],
      messages: [
        { role: 'user' as const, content: [{ type: 'text' as const, text: 'A long shared document…', cache_control: { type: 'ephemeral' as const } }] },
        { role: 'assistant' as const, content: 'Noted.' },
        { role: 'user' as const, content: 'Say hi.' },
      ],
      thinking: { type: 'enabled' as const, budget_tokens: 2048 },
      metadata: { user_id: 'user-1234' },
      stop_sequences: ['###'],
    };
    const message = await client.beta.messages.create({ ...params, betas: ['context-1m-2025-08-07', 'interleaved-thinking-2025-05-14'] });
    expect(message.content.map((block) => block.type)).toEqual(['thinking', 'text']);
    // Anthropic usage round-trips: uncached input apart from cache reads and writes.
    expect(message.usage).toMatchObject({ input_tokens: 10, cache_read_input_tokens: 100, cache_creation_input_tokens: 20, output_tokens: 5 });

    const sent = lastMessagesRequest(fake);
    expect(sent.body).toEqual({ ...params, model: HAIKU });
    expect(sent.headers['anthropic-beta']).toBe('context-1m-2025-08-07,interleaved-thinking-2025-05-14');
    expectUpstreamHeaders(sent);
    expect(JSON.stringify(sent.headers)).not.toContain(CLIENT_KEY);
  });

  it('sends no anthropic-beta header when the client sent none', async () => {
    await client.messages.create({ model: HAIKU, max_tokens: 10, messages: [{ role: 'user', content: 'Hi' }] });
    expect(lastMessagesRequest(fake).headers).not.toHaveProperty('anthropic-beta');
  });

  it('keeps the client max_tokens (mandatory in this dialect) and output_config as sent', async () => {
    fake.reply({ content: '{"city":"Paris"}' });
    const message = await client.messages.create({
      model: HAIKU,
      max_tokens: 321,
      messages: [{ role: 'user', content: 'Largest French city?' }],
      output_config: { format: { type: 'json_schema', schema: CITY_SCHEMA } },
    });
    const text = message.content[0]?.type === 'text' ? message.content[0].text : '';
    expect(JSON.parse(text)).toEqual({ city: 'Paris' });
    expect(lastMessagesRequest(fake).body).toMatchObject({ max_tokens: 321, output_config: { format: { type: 'json_schema', schema: CITY_SCHEMA } } });
  });

  it('streams text incrementally and reports the upstream usage, cache counts included', async () => {
    fake.reply({ content: 'The quick brown fox jumps.', usage: CACHED_USAGE });
    const stream = client.messages.stream({ model: HAIKU, max_tokens: 100, messages: [{ role: 'user', content: 'Say it' }] });
    const texts: string[] = [];
    stream.on('text', (text) => texts.push(text));
    const final = await stream.finalMessage();
    expect(texts.length).toBeGreaterThan(1);
    expect(texts.join('')).toBe('The quick brown fox jumps.');
    expect(final).toMatchObject({ stop_reason: 'end_turn', usage: { input_tokens: 10, cache_read_input_tokens: 100, cache_creation_input_tokens: 20, output_tokens: 5 } });
    expect(lastMessagesRequest(fake).body.stream).toBe(true);
  });

  it('sends an image block on unchanged', async () => {
    fake.reply({ content: 'A pixel.' });
    const image = { type: 'image' as const, source: { type: 'base64' as const, media_type: 'image/png' as const, data: PNG } };
    await client.messages.create({ model: HAIKU, max_tokens: 50, messages: [{ role: 'user', content: [image, { type: 'text', text: 'What is it?' }] }] });
    expect(lastMessagesRequest(fake).body.messages[0].content[0]).toEqual(image);
  });

  it('runs a two-turn tool call with thinking: the tool_result keeps its tool_use_id and the signed thinking comes back', async () => {
    fake.reply({ thinking: 'I need the weather tool.', toolCalls: [{ id: 'toolu_01Oslo', name: 'get_weather', input: { city: 'Oslo' } }] });
    const base = { model: HAIKU, max_tokens: 4000, tools: [WEATHER_TOOL], thinking: { type: 'enabled' as const, budget_tokens: 1024 } };
    const messages: Anthropic.MessageParam[] = [{ role: 'user', content: 'Weather in Oslo?' }];
    const first = await client.messages.stream({ ...base, messages }).finalMessage();
    expect(first.stop_reason).toBe('tool_use');
    const toolUse = first.content.find((block): block is Anthropic.ToolUseBlock => block.type === 'tool_use')!;
    expect(toolUse).toMatchObject({ id: 'toolu_01Oslo', name: 'get_weather', input: { city: 'Oslo' } });

    // The client sends the turn back as it got it; the fake rejects it unless the thinking is there and signed.
    fake.reply({ content: 'Cold.' });
    const second = await client.messages.create({
      ...base,
      messages: [...messages, { role: 'assistant', content: first.content }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: toolUse.id, content: '-5C' }] }],
    });
    expect(second.content).toEqual([{ type: 'text', text: 'Cold.' }]);
    const sent = lastMessagesRequest(fake).body;
    expect(sent.messages[1].content[0]).toMatchObject({ type: 'thinking', thinking: 'I need the weather tool.', signature: expect.stringMatching(/^Eq/) });
    expect(sent.messages[2].content).toEqual([{ type: 'tool_result', tool_use_id: 'toolu_01Oslo', content: '-5C' }]);
  });
});

describe('@anthropic-ai/sdk → Anthropic upstream: failures', () => {
  const params = { model: HAIKU, max_tokens: 10, messages: [{ role: 'user' as const, content: 'x' }] };

  it('maps 429 (with retry-after) to RateLimitError, 500 to InternalServerError 502, 529 to OverloadedError 529', async () => {
    fake.fail({ kind: 'status', status: 429, headers: { 'retry-after': '7' } });
    const limited = await failure(client.messages.create(params));
    expect(limited).toBeInstanceOf(Anthropic.RateLimitError);
    expect(limited).toMatchObject({ status: 429, type: 'rate_limit_error' });
    expect((limited as InstanceType<typeof Anthropic.RateLimitError>).headers.get('retry-after')).toBe('7');

    fake.fail({ kind: 'status', status: 500 });
    const failed = await failure(client.messages.create(params));
    expect(failed).toBeInstanceOf(Anthropic.InternalServerError);
    expect(failed).toMatchObject({ status: 502, type: 'api_error' });

    fake.fail({ kind: 'status', status: 529 });
    const overloaded = await failure(client.messages.create({ ...params, stream: true }));
    expect(overloaded).toBeInstanceOf(Anthropic.OverloadedError);
    expect(overloaded).toMatchObject({ status: 529, type: 'overloaded_error' });
  });

  it('throws an APIError when the upstream drops mid-stream, after the text so far and without message_stop', async () => {
    fake.reply({ content: 'This answer will be cut off.' });
    fake.fail({ kind: 'drop-mid-stream', afterChunks: 5 });
    const stream = client.messages.stream(params);
    const events: string[] = [];
    let text = '';
    stream.on('streamEvent', (event) => events.push(event.type));
    stream.on('text', (delta) => (text += delta));
    const error = await failure(stream.finalMessage());
    expect(error).toBeInstanceOf(Anthropic.APIError);
    expect(text.length).toBeGreaterThan(0);
    expect(events).not.toContain('message_stop');
  });

  it("passes an in-band overloaded_error event on as the client's own overloaded error", async () => {
    fake.fail({ kind: 'stream-error-event', afterChunks: 4 });
    const error = await failure(client.messages.stream(params).finalMessage());
    expect(error).toBeInstanceOf(Anthropic.APIError);
    expect(error).toMatchObject({ error: { type: 'error', error: { type: 'overloaded_error' } } });
  });

  it('closes the upstream connection when the client aborts its stream', async () => {
    fake.reply({ content: 'A long answer that never finishes.' });
    fake.fail({ kind: 'stall', afterChunks: 4 });
    const stream = client.messages.stream(params);
    const ended = failure(stream.finalMessage());
    await new Promise<void>((resolve) => stream.once('text', () => resolve()));
    stream.abort();
    await fake.clientAborted();
    expect(await ended).toBeInstanceOf(Anthropic.APIUserAbortError);
  });
});
