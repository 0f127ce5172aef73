// The provider against the fake Anthropic upstream (real HTTP on 127.0.0.1, no proxy server in between).
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { ChatRequest, Message } from '../../core/chat-request.js';
import type { ModelSpec } from '../../core/model-info.js';
import type { StreamEvent } from '../../core/stream-event.js';
import { collect } from '../../../test/support/async-iterables.js';
import { testModelSpec } from '../../../test/support/test-model-spec.js';
import { startFakeAnthropic, type FakeAnthropic } from '../../../test/fakes/fake-anthropic.js';
import { createUpstreamHttp } from '../http/upstream-http.js';
import { AnthropicProvider } from './anthropic-provider.js';
import { createAnthropicProvider } from './index.js';
import { ThinkingMemory } from './thinking-memory.js';

const http = createUpstreamHttp({ connectMs: 5_000, firstByteMs: 10_000, idleMs: 10_000 });
const fakes: FakeAnthropic[] = [];

afterEach(async () => {
  await Promise.all(fakes.splice(0).map((fake) => fake.close()));
});
afterAll(async () => {
  await http.dispatcher.close();
});

async function setup(options: { apiKey?: string; apiVersion?: string } = {}) {
  const fake = await startFakeAnthropic();
  fakes.push(fake);
  const provider = new AnthropicProvider(
    {
      id: 'anthropic',
      baseUrl: `${fake.url}/`,
      apiKey: options.apiKey ?? 'test-key',
      extraHeaders: { 'anthropic-beta': 'fake-beta-2026' },
      ...(options.apiVersion ? { apiVersion: options.apiVersion } : {}),
      http,
    },
    new ThinkingMemory(),
  );
  return { fake, provider };
}

const model: ModelSpec = testModelSpec({
  provider: 'anthropic',
  id: 'claude-sonnet-4-6',
  maxOutputTokens: 64000,
  capabilities: ['tools', 'vision', 'thinking'],
});
const call = (signal = new AbortController().signal) => ({ model, signal });
const user = (text: string): Message => ({ role: 'user', content: [{ type: 'text', text }] });
const chatRequest = (extra: Partial<ChatRequest> = {}): ChatRequest => ({ model: 'claude-sonnet', messages: [user('Hello')], stream: false, ...extra });
const weather = { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } };

function lastError(events: StreamEvent[]) {
  const last = events.at(-1);
  return last?.type === 'error' ? last.error : undefined;
}

describe('AnthropicProvider', () => {
  it('posts to {base}/v1/messages with the key, the default API version and extra headers, and decodes the message', async () => {
    const { fake, provider } = await setup();
    fake.reply({ content: 'Hi!', usage: { input_tokens: 5, output_tokens: 2, cache_read_input_tokens: 10, cache_creation_input_tokens: 1 } });
    const response = await provider.chat(chatRequest({ messages: [{ role: 'system', content: 'Be nice.' }, user('Hello')] }), call());

    expect(response).toMatchObject({
      model: 'claude-sonnet-4-6',
      content: 'Hi!',
      toolCalls: [],
      finishReason: { unified: 'stop', raw: 'end_turn' },
      usage: { inputTokens: 16, outputTokens: 2, cacheReadTokens: 10, cacheWriteTokens: 1 },
    });
    const sent = fake.requests[0]!;
    expect(sent.path).toBe('/v1/messages');
    expect(sent.headers).toMatchObject({ 'x-api-key': 'test-key', 'anthropic-version': '2023-06-01', 'anthropic-beta': 'fake-beta-2026' });
    expect(sent.headers.authorization).toBeUndefined();
    expect(sent.body).toEqual({ model: 'claude-sonnet-4-6', max_tokens: 64000, system: 'Be nice.', messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello' }] }] });
  });

  it('sends the configured API version', async () => {
    const { fake, provider } = await setup({ apiVersion: '2026-10-21' });
    await provider.chat(chatRequest(), call());
    expect(fake.requests[0]?.headers['anthropic-version']).toBe('2026-10-21');
  });

  it('streams events as the upstream sends them, with usage', async () => {
    const { fake, provider } = await setup();
    fake.reply({ thinking: 'Short.', content: 'One two three four', usage: { input_tokens: 7, output_tokens: 9 } });
    const events = await collect(await provider.chatStream(chatRequest({ stream: true, reasoning: 'low', maxTokens: 2000 }), call()));

    expect(fake.requests[0]?.body).toMatchObject({ stream: true, max_tokens: 6096, thinking: { type: 'enabled', budget_tokens: 4096 } });
    expect(events.map((event) => event.type)).toEqual([
      'start', 'block-start', 'block-delta', 'block-delta', 'block-delta', 'block-end',
      'block-start', 'block-delta', 'block-delta', 'block-delta', 'block-delta', 'block-end', 'finish',
    ]);
    const text = events.flatMap((event) => (event.type === 'block-delta' && event.index === 1 ? [event.delta] : [])).join('');
    expect(text).toBe('One two three four');
    expect(events.at(-1)).toEqual({ type: 'finish', reason: { unified: 'stop', raw: 'end_turn' }, usage: { inputTokens: 7, cacheReadTokens: 0, cacheWriteTokens: 0, outputTokens: 9 } });
  });

  it('completes a two-turn tool call with thinking, putting the signed thinking back that the client dropped', async () => {
    for (const stream of [true, false]) {
      const { fake, provider } = await setup();
      fake.reply({ thinking: 'Need the weather tool.', toolCalls: [{ name: 'get_weather', input: { city: 'Oslo' } }] });
      const first = chatRequest({ stream, reasoning: 'low', tools: [weather], messages: [user('Weather in Oslo?')] });
      let callId: string;
      if (stream) {
        const events = await collect(await provider.chatStream(first, call()));
        const start = events.find((event) => event.type === 'block-start' && event.block.kind === 'tool-call');
        callId = start?.type === 'block-start' && start.block.kind === 'tool-call' ? start.block.callId : '';
        expect(events.at(-1)).toMatchObject({ type: 'finish', reason: { unified: 'tool-calls' } });
      } else {
        const response = await provider.chat(first, call());
        expect(response).toMatchObject({ reasoning: 'Need the weather tool.', toolCalls: [{ name: 'get_weather', argumentsJson: '{"city":"Oslo"}' }] });
        callId = response.toolCalls[0]!.id;
      }

      // What an OpenAI or Ollama client sends back: no thinking, no signature, maybe no call id.
      fake.reply({ content: 'It is 3°C in Oslo.' });
      const second = await provider.chat(
        chatRequest({
          reasoning: 'low',
          tools: [weather],
          messages: [
            user('Weather in Oslo?'),
            { role: 'assistant', content: '', reasoning: 'Need the weather tool.', toolCalls: [{ id: callId, name: 'get_weather', argumentsJson: '{"city":"Oslo"}' }] },
            { role: 'tool', toolName: 'get_weather', content: '3°C' },
          ],
        }),
        call(),
      );
      expect(second.content).toBe('It is 3°C in Oslo.');
      const assistant = fake.requests[1]?.body.messages[1];
      expect(assistant.content.map((block: { type: string }) => block.type)).toEqual(['thinking', 'tool_use']);
      expect(fake.requests[1]?.body.messages[2].content).toEqual([{ type: 'tool_result', tool_use_id: callId, content: '3°C' }]);
    }
  });

  it('forwards a native Anthropic body with only the model and stream changed', async () => {
    const { fake, provider } = await setup();
    const native = {
      model: 'claude-sonnet',
      max_tokens: 3000,
      system: [{ type: 'text', text: 'Rules', cache_control: { type: 'ephemeral' } }],
      metadata: { user_id: 'u-7' },
      thinking: { type: 'enabled', budget_tokens: 1024 },
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi', cache_control: { type: 'ephemeral' } }] }],
    };
    const events = await collect(
      await provider.chatStream(chatRequest({ stream: true, native: { dialect: 'anthropic-messages', body: native } }), call()),
    );
    expect(fake.requests[0]?.body).toEqual({ ...native, model: 'claude-sonnet-4-6', stream: true });
    expect(events.at(-1)?.type).toBe('finish');
  });

  it("adds the client's anthropic-beta flags to the configured ones for a native body, and never its credentials", async () => {
    const { fake, provider } = await setup();
    const body = { model: 'claude-sonnet', max_tokens: 100, messages: [{ role: 'user', content: 'Hi' }] };
    const headers = { 'anthropic-beta': 'context-1m-2025-08-07, fake-beta-2026', 'x-api-key': 'client-key', authorization: 'Bearer client-key' };
    await provider.chat(chatRequest({ native: { dialect: 'anthropic-messages', body, headers } }), call());
    await provider.chat(chatRequest({ native: { dialect: 'ollama-chat', body, headers } }), call());
    expect(fake.requests[0]?.headers).toMatchObject({ 'anthropic-beta': 'fake-beta-2026,context-1m-2025-08-07', 'x-api-key': 'test-key' });
    expect(fake.requests[0]?.headers.authorization).toBeUndefined();
    expect(fake.requests[1]?.headers['anthropic-beta']).toBe('fake-beta-2026');
  });

  it('maps upstream errors: rate limit with retry-after, overloaded, bad key, unknown model, invalid request', async () => {
    const { fake, provider } = await setup();
    fake.fail({ kind: 'status', status: 429 });
    await expect(provider.chat(chatRequest(), call())).rejects.toMatchObject({ code: 'rate_limited', status: 429, info: { retryAfter: '1', upstreamStatus: 429 } });
    fake.fail({ kind: 'status', status: 529 });
    await expect(provider.chatStream(chatRequest({ stream: true }), call())).rejects.toMatchObject({ code: 'upstream_overloaded', status: 503 });
    fake.fail({ kind: 'status', status: 500 });
    await expect(provider.chat(chatRequest(), call())).rejects.toMatchObject({ code: 'upstream_error', status: 502 });
    await expect(provider.chat(chatRequest(), { ...call(), model: { ...model, id: 'gpt-4o' } })).rejects.toMatchObject({ code: 'model_not_found', message: 'anthropic: model: gpt-4o' });
    const orphan: Message[] = [user('hi'), { role: 'assistant', content: 'ok' }, { role: 'tool', toolCallId: 'toolu_x', content: 'r' }];
    await expect(provider.chat(chatRequest({ messages: orphan }), call())).rejects.toMatchObject({
      code: 'invalid_request',
      status: 400,
      message: expect.stringContaining('unexpected `tool_use_id`'),
    });

    const { provider: badKey } = await setup({ apiKey: 'wrong' });
    const denied = await badKey.chat(chatRequest(), call()).catch((error: unknown) => error);
    expect(denied).toMatchObject({ code: 'upstream_auth', status: 502 });
    expect((denied as Error).message).not.toContain('x-api-key');
  });

  it('ends a stream with an error event when the upstream sends one or drops the connection', async () => {
    const { fake, provider } = await setup();
    fake.fail({ kind: 'stream-error-event', afterChunks: 4 });
    const overloaded = await collect(await provider.chatStream(chatRequest({ stream: true }), call()));
    expect(lastError(overloaded)?.code).toBe('upstream_overloaded');

    fake.fail({ kind: 'drop-mid-stream', afterChunks: 4 });
    const dropped = await collect(await provider.chatStream(chatRequest({ stream: true }), call()));
    expect(dropped[0]?.type).toBe('start');
    expect(lastError(dropped)?.code).toBe('upstream_error');

    fake.fail({ kind: 'drop-mid-stream', afterChunks: 0 });
    await expect(provider.chat(chatRequest(), call())).rejects.toMatchObject({ code: 'upstream_error' });
  });

  it('aborts the upstream request when the caller aborts', async () => {
    const { fake, provider } = await setup();
    fake.fail({ kind: 'stall', afterChunks: 3 });
    const controller = new AbortController();
    const events = await provider.chatStream(chatRequest({ stream: true }), call(controller.signal));
    const iterator = events[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toMatchObject({ type: 'start' });
    controller.abort();
    await fake.clientAborted();
    const rest: StreamEvent[] = [];
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) rest.push(next.value);
    expect(lastError(rest)?.code).toBe('client_closed');

    fake.fail({ kind: 'stall', headers: false });
    const aborted = new AbortController();
    const received = fake.waitForRequest();
    const pending = provider.chat(chatRequest(), call(aborted.signal));
    await received;
    aborted.abort();
    await expect(pending).rejects.toMatchObject({ code: 'client_closed' });
  });

  it('has no embeddings and lists the upstream model ids', async () => {
    const { provider } = await setup();
    await expect(provider.embed({ model: 'claude', inputs: ['x'] }, call())).rejects.toMatchObject({ code: 'unsupported', status: 400 });
    expect(await provider.listModelIds(new AbortController().signal)).toContain('claude-sonnet-5-5');
  });

  it('is what createAnthropicProvider builds', async () => {
    const fake = await startFakeAnthropic();
    fakes.push(fake);
    const provider = createAnthropicProvider({ id: 'anthropic', baseUrl: fake.url, apiKey: 'test-key', http });
    expect(provider).toBeInstanceOf(AnthropicProvider);
    expect((await provider.chat(chatRequest(), call())).content).toBe('Hello from anthropic');
  });
});
