import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeUpstream, type FakeUpstream } from '../fakes/fake-openai-compatible.js';
import { startProxy, type TestProxy } from './start-proxy.js';

const KEY = 'sk-test-secret-key-123';
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const WEATHER_TOOL = {
  name: 'get_weather',
  description: 'Current weather for a city',
  input_schema: { type: 'object' as const, properties: { city: { type: 'string' } }, required: ['city'] },
};

let fake: FakeUpstream;
let proxy: TestProxy;
let client: Anthropic;

beforeAll(async () => {
  fake = await startFakeUpstream('openai', { apiKey: KEY });
  proxy = await startProxy({ OPENAI_API_KEY: KEY, OPENAI_BASE_URL: fake.url, UPSTREAM_IDLE_TIMEOUT_MS: '1500', UPSTREAM_FIRST_BYTE_TIMEOUT_MS: '3000' });
  // The SDK appends /v1/messages itself, exactly as Claude Code does with ANTHROPIC_BASE_URL.
  client = new Anthropic({ baseURL: proxy.url, apiKey: 'client-key-ignored', maxRetries: 0 });
});

afterAll(async () => {
  await proxy?.close();
  await fake?.close();
});

describe('@anthropic-ai/sdk → Switchboard → an OpenAI upstream', () => {
  it('answers messages.create with the upstream text and its token counts (cache reads apart)', async () => {
    fake.reply({ content: 'Hello there', usage: { prompt_tokens: 12, completion_tokens: 3, cached_tokens: 8 } });
    const message = await client.messages.create({
      model: 'gpt-4o',
      max_tokens: 50,
      system: 'Be terse.',
      messages: [{ role: 'user', content: 'Hi' }],
    });
    expect(message).toMatchObject({
      type: 'message',
      role: 'assistant',
      model: 'gpt-4o',
      content: [{ type: 'text', text: 'Hello there' }],
      stop_reason: 'end_turn',
      usage: { input_tokens: 4, cache_read_input_tokens: 8, output_tokens: 3 },
    });
    expect(message.id).toMatch(/^msg_/);
    const sent = fake.requests.at(-1)!.body;
    expect(sent.model).toBe('gpt-4o');
    expect(sent.messages).toEqual([
      { role: 'system', content: 'Be terse.' },
      { role: 'user', content: 'Hi' },
    ]);
    expect(sent.max_completion_tokens ?? sent.max_tokens).toBe(50);
  });

  it('streams with .stream(): text events as they come and a final message with usage', async () => {
    fake.reply({ content: 'one two three four', usage: { prompt_tokens: 7, completion_tokens: 4 } });
    const stream = client.messages.stream({ model: 'gpt-4o', max_tokens: 100, messages: [{ role: 'user', content: 'count' }] });
    const texts: string[] = [];
    stream.on('text', (text) => texts.push(text));
    const final = await stream.finalMessage();
    expect(texts.length).toBeGreaterThan(1);
    expect(texts.join('')).toBe('one two three four');
    expect(final).toMatchObject({ content: [{ type: 'text', text: 'one two three four' }], stop_reason: 'end_turn', usage: { input_tokens: 7, output_tokens: 4 } });
    expect(fake.requests.at(-1)!.body.stream).toBe(true);
  });

  it('runs a two-turn tool call: tool_use from the upstream, then the tool_result sent back as a tool message', async () => {
    fake.reply({ toolCalls: [{ id: 'call_w1', name: 'get_weather', arguments: '{"city":"Tokyo"}' }] });
    const first = await client.messages
      .stream({ model: 'gpt-4o', max_tokens: 200, tools: [WEATHER_TOOL], messages: [{ role: 'user', content: 'Weather in Tokyo?' }] })
      .finalMessage();
    expect(first.stop_reason).toBe('tool_use');
    const toolUse = first.content.find((block): block is Anthropic.ToolUseBlock => block.type === 'tool_use')!;
    expect(toolUse).toMatchObject({ id: 'call_w1', name: 'get_weather', input: { city: 'Tokyo' } });
    expect(fake.requests.at(-1)!.body.tools).toEqual([
      { type: 'function', function: { name: 'get_weather', description: 'Current weather for a city', parameters: WEATHER_TOOL.input_schema } },
    ]);

    fake.reply({ content: 'It is sunny in Tokyo.' });
    const second = await client.messages.create({
      model: 'gpt-4o',
      max_tokens: 200,
      tools: [WEATHER_TOOL],
      messages: [
        { role: 'user', content: 'Weather in Tokyo?' },
        { role: 'assistant', content: first.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: toolUse.id, content: 'Sunny, 24°C' }] },
      ],
    });
    expect(second.content).toEqual([{ type: 'text', text: 'It is sunny in Tokyo.' }]);
    const sent = fake.requests.at(-1)!.body;
    expect(sent.messages[1]).toMatchObject({
      role: 'assistant',
      tool_calls: [{ id: 'call_w1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Tokyo"}' } }],
    });
    expect(sent.messages[2]).toEqual({ role: 'tool', tool_call_id: 'call_w1', content: 'Sunny, 24°C' });
  });

  it('sends an image to the upstream as a data URL with its media type', async () => {
    fake.reply({ content: 'A single pixel.' });
    const message = await client.messages.create({
      model: 'gpt-4o',
      max_tokens: 50,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG } },
            { type: 'text', text: 'What is this?' },
          ],
        },
      ],
    });
    expect(message.content).toEqual([{ type: 'text', text: 'A single pixel.' }]);
    const content = fake.requests.at(-1)!.body.messages[0].content;
    expect(content).toEqual([
      { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG}` } },
      { type: 'text', text: 'What is this?' },
    ]);
  });

  it('maps an upstream 429 to RateLimitError with retry-after, 5xx to InternalServerError, 503 to OverloadedError', async () => {
    const params = { model: 'gpt-4o', max_tokens: 10, messages: [{ role: 'user' as const, content: 'x' }] };
    fake.fail({ kind: 'status', status: 429, headers: { 'retry-after': '7' } });
    const limited = await client.messages.create(params).catch((error: unknown) => error);
    expect(limited).toBeInstanceOf(Anthropic.RateLimitError);
    expect(limited).toMatchObject({ status: 429, type: 'rate_limit_error' });
    expect((limited as InstanceType<typeof Anthropic.RateLimitError>).headers.get('retry-after')).toBe('7');

    fake.fail({ kind: 'status', status: 500 });
    const failed = await client.messages.create(params).catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(Anthropic.InternalServerError);
    expect(failed).toMatchObject({ status: 502, type: 'api_error' });

    fake.fail({ kind: 'status', status: 503 });
    const overloaded = await client.messages.create({ ...params, stream: true }).catch((error: unknown) => error);
    expect(overloaded).toBeInstanceOf(Anthropic.OverloadedError);
    expect(overloaded).toMatchObject({ status: 529, type: 'overloaded_error' });

    fake.fail({ kind: 'status', status: 401 });
    const rejected = await client.messages.create(params).catch((error: unknown) => error);
    expect(rejected).toMatchObject({ status: 502, type: 'api_error' });
    expect(String((rejected as Error).message)).not.toContain(KEY);
  });

  it('throws an APIError from the in-band error event when the upstream drops mid-stream', async () => {
    fake.fail({ kind: 'drop-mid-stream', afterChunks: 2 });
    const stream = client.messages.stream({ model: 'gpt-4o', max_tokens: 50, messages: [{ role: 'user', content: 'x' }] });
    const events: string[] = [];
    stream.on('streamEvent', (event) => events.push(event.type));
    const error = await stream.finalMessage().then(() => undefined, (caught: unknown) => caught);
    expect(error).toBeInstanceOf(Anthropic.APIError);
    expect(error).toMatchObject({ type: 'api_error' });
    expect(events[0]).toBe('message_start');
    expect(events).not.toContain('message_stop');
  });

  it('cancels the upstream request when the client aborts its stream', async () => {
    fake.fail({ kind: 'stall', afterChunks: 2 });
    const stream = client.messages.stream({ model: 'gpt-4o', max_tokens: 50, messages: [{ role: 'user', content: 'x' }] });
    const ended = stream.finalMessage().then(() => undefined, (caught: unknown) => caught);
    await new Promise<void>((resolve) => stream.once('text', () => resolve()));
    stream.abort();
    await fake.clientAborted();
    expect(await ended).toBeInstanceOf(Anthropic.APIUserAbortError);
  });

  it('counts tokens locally for a served model, and answers 404 in Anthropic shape for an unknown one', async () => {
    const requestsBefore = fake.requests.length;
    const count = await client.messages.countTokens({
      model: 'gpt-4o',
      system: 'Be terse.',
      messages: [{ role: 'user', content: 'How many tokens is this sentence?' }],
      tools: [WEATHER_TOOL],
    });
    expect(count.input_tokens).toBeGreaterThan(10);
    expect(fake.requests.length).toBe(requestsBefore);

    const countError = await client.messages.countTokens({ model: 'no-such-model', messages: [{ role: 'user', content: 'x' }] }).catch((error: unknown) => error);
    expect(countError).toBeInstanceOf(Anthropic.NotFoundError);

    const error = await client.messages.create({ model: 'no-such-model', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Anthropic.NotFoundError);
    expect(error).toMatchObject({ status: 404, type: 'not_found_error', error: { type: 'error', error: { type: 'not_found_error' } } });
  });

  it('rejects a request without max_tokens with a 400 naming the field', async () => {
    const response = await fetch(`${proxy.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'k', 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ type: 'error', error: { type: 'invalid_request_error', message: 'max_tokens: Field required' } });
  });

  it('lists and retrieves models in Anthropic\'s shape for the Anthropic SDK, OpenAI\'s for everyone else', async () => {
    const ids: string[] = [];
    for await (const model of client.models.list()) {
      expect(model).toMatchObject({ type: 'model', id: expect.any(String), display_name: expect.any(String) });
      expect(Number.isNaN(Date.parse(model.created_at))).toBe(false);
      ids.push(model.id);
    }
    expect(ids).toContain('gpt-4o');
    expect(await client.models.retrieve('gpt-4o')).toMatchObject({ type: 'model', id: 'gpt-4o', display_name: 'GPT-4o' });
    const openaiShape = (await (await fetch(`${proxy.url}/v1/models`)).json()) as { object: string; data: Array<{ object: string }> };
    expect(openaiShape.object).toBe('list');
    expect(openaiShape.data[0]!.object).toBe('model');
  });

  it('logs the route and model but never the client key, provider key or prompt', () => {
    const logs = proxy.logs.join('');
    expect(logs).toContain('"path":"/v1/messages"');
    expect(logs).not.toContain('client-key-ignored');
    expect(logs).not.toContain(KEY);
    expect(logs).not.toContain('Be terse.');
  });
});
