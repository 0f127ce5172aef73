// The provider against the fake Ollama server (real HTTP on 127.0.0.1, no proxy server in between).
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { ChatRequest, Message } from '../../core/chat-request.js';
import type { ModelSpec } from '../../core/model-info.js';
import type { StreamEvent } from '../../core/stream-event.js';
import { collect } from '../../../test/support/async-iterables.js';
import { testModelSpec } from '../../../test/support/test-model-spec.js';
import { startFakeOllama, type FakeOllama, type FakeOllamaOptions } from '../../../test/fakes/fake-ollama.js';
import { createUpstreamHttp } from '../http/upstream-http.js';
import type { ProviderOptions } from '../provider-options.js';
import { createOllamaProvider, OllamaProvider } from './index.js';

const http = createUpstreamHttp({ connectMs: 5_000, firstByteMs: 10_000, idleMs: 10_000 });
const fakes: FakeOllama[] = [];

afterEach(async () => {
  await Promise.all(fakes.splice(0).map((fake) => fake.close()));
});
afterAll(async () => {
  await http.dispatcher.close();
});

async function setup(fakeOptions: FakeOllamaOptions = {}, providerOptions: Partial<ProviderOptions> = {}) {
  const fake = await startFakeOllama(fakeOptions);
  fakes.push(fake);
  const provider = createOllamaProvider({ id: 'ollama', baseUrl: `${fake.url}/`, apiKey: undefined, http, ...providerOptions });
  return { fake, provider };
}

const spec = (id: string, extra: Partial<ModelSpec> = {}): ModelSpec => testModelSpec({ provider: 'ollama', id, family: id, capabilities: ['completion', 'tools'], ...extra });
const qwen = spec('qwen3:8b', { capabilities: ['completion', 'tools', 'thinking'] });
const call = (model: ModelSpec = qwen, signal = new AbortController().signal) => ({ model, signal });
const user = (text: string): Message => ({ role: 'user', content: [{ type: 'text', text }] });
const chatRequest = (extra: Partial<ChatRequest> = {}): ChatRequest => ({ model: 'ollama/qwen3:8b', messages: [user('Hello')], stream: false, ...extra });
const weather = { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } };

function lastError(events: StreamEvent[]) {
  const last = events.at(-1);
  return last?.type === 'error' ? last.error : undefined;
}

function textOf(events: StreamEvent[], kind: 'text' | 'reasoning'): string {
  const indexes = new Set(events.flatMap((event) => (event.type === 'block-start' && event.block.kind === kind ? [event.index] : [])));
  return events.map((event) => (event.type === 'block-delta' && indexes.has(event.index) ? event.delta : '')).join('');
}

describe('OllamaProvider', () => {
  it('posts the encoded chat to {base}/api/chat and decodes the answer', async () => {
    const { fake, provider } = await setup();
    expect(provider).toBeInstanceOf(OllamaProvider);
    fake.reply({ content: 'Hi!', thinking: 'Be nice.', promptEvalCount: 12, evalCount: 4 });
    const response = await provider.chat(chatRequest({ messages: [{ role: 'system', content: 'Be brief.' }, user('Hello')], temperature: 0.1, maxTokens: 50, reasoning: true }), call());

    expect(response).toMatchObject({ model: 'qwen3:8b', content: 'Hi!', reasoning: 'Be nice.', toolCalls: [], finishReason: { unified: 'stop', raw: 'stop' }, usage: { inputTokens: 12, outputTokens: 4 } });
    const sent = fake.requests[0]!;
    expect(sent.path).toBe('/api/chat');
    expect(sent.headers.authorization).toBeUndefined();
    expect(sent.body).toEqual({
      model: 'qwen3:8b',
      stream: false,
      messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hello' }],
      think: true,
      options: { temperature: 0.1, num_predict: 50 },
    });
  });

  it('sends the bearer key and extra headers (Ollama behind an auth proxy or ollama.com)', async () => {
    const { fake, provider } = await setup({ apiKey: 'secret' }, { apiKey: 'secret', extraHeaders: { 'x-team': 'blue' } });
    await provider.chat(chatRequest(), call());
    expect(fake.requests[0]?.headers).toMatchObject({ authorization: 'Bearer secret', 'x-team': 'blue' });

    const wrong = createOllamaProvider({ id: 'cloud', baseUrl: fake.url, apiKey: 'nope', http });
    await expect(wrong.chat(chatRequest(), call())).rejects.toMatchObject({ code: 'upstream_auth', status: 502 });
    expect(await provider.listModelIds!(AbortSignal.timeout(5_000))).toContain('qwen3:8b');
  });

  it('streams thinking, content and a whole tool call as they arrive, then finish with usage', async () => {
    const { fake, provider } = await setup();
    fake.reply({ thinking: 'Need the weather.', content: 'Checking.', toolCalls: [{ id: 'call_abcd1234', name: 'get_weather', arguments: { city: 'Tokyo' } }], evalCount: 20, promptEvalCount: 30 });
    const events = await collect(await provider.chatStream(chatRequest({ stream: true, tools: [weather] }), call()));

    expect(events[0]).toMatchObject({ type: 'start', model: 'qwen3:8b' });
    expect(textOf(events, 'reasoning')).toBe('Need the weather.');
    expect(textOf(events, 'text')).toBe('Checking.');
    const tool = events.findIndex((event) => event.type === 'block-start' && event.block.kind === 'tool-call');
    expect(events.slice(tool, tool + 3)).toEqual([
      { type: 'block-start', index: 2, block: { kind: 'tool-call', callId: 'call_abcd1234', name: 'get_weather' } },
      { type: 'block-delta', index: 2, delta: '{"city":"Tokyo"}' },
      { type: 'block-end', index: 2 },
    ]);
    expect(events.at(-1)).toEqual({ type: 'finish', reason: { unified: 'tool-calls', raw: 'stop' }, usage: { inputTokens: 30, outputTokens: 20 } });
    expect(fake.requests[0]?.body).toMatchObject({ stream: true, tools: [{ type: 'function', function: { name: 'get_weather' } }] });
  });

  it('sends a second tool turn with object arguments and tool_name, which real Ollama requires', async () => {
    const { fake, provider } = await setup();
    fake.reply({ content: 'It is 11 degrees.' });
    const response = await provider.chat(
      chatRequest({
        tools: [weather],
        messages: [
          user('Weather in Tokyo?'),
          { role: 'assistant', content: '', toolCalls: [{ id: 'call_1', name: 'get_weather', argumentsJson: '{"city":"Tokyo"}' }] },
          { role: 'tool', toolCallId: 'call_1', content: '11 degrees' },
        ],
      }),
      call(),
    );
    expect(response.content).toBe('It is 11 degrees.');
    expect(fake.requests[0]?.body.messages.slice(1)).toEqual([
      { role: 'assistant', content: '', tool_calls: [{ id: 'call_1', function: { index: 0, name: 'get_weather', arguments: { city: 'Tokyo' } } }] },
      { role: 'tool', content: '11 degrees', tool_name: 'get_weather', tool_call_id: 'call_1' },
    ]);
  });

  it('passes an Ollama client body through unchanged but for model and stream', async () => {
    const { fake, provider } = await setup();
    const PNG = 'iVBORw0KGgoAAAANSUhEUg==';
    const body = {
      model: 'ollama/gpt-oss',
      messages: [{ role: 'user', content: 'Describe', images: [`data:image/png;base64,${PNG}`] }],
      options: { num_ctx: 16384, temperature: 0.3, mirostat: 1 },
      format: 'json',
      think: 'low',
      keep_alive: '30m',
    };
    await provider.chat(chatRequest({ native: { dialect: 'ollama-chat', body } }), call(spec('gpt-oss:20b', { capabilities: ['completion', 'thinking'] })));
    expect(fake.requests[0]?.body).toEqual({ ...body, model: 'gpt-oss:20b', stream: false, messages: [{ role: 'user', content: 'Describe', images: [PNG] }] });
  });

  it('sends an Ollama generate body to /api/generate (raw, suffix, context kept) and decodes `response`', async () => {
    const { fake, provider } = await setup();
    const coder = spec('qwen2.5-coder:1.5b');
    const body = { model: 'coder', prompt: 'def f(', suffix: '  return x', raw: true, options: { num_predict: 16 }, keep_alive: -1 };
    const request = chatRequest({ prompt: { text: 'def f(', suffix: '  return x' }, native: { dialect: 'ollama-generate', body } });

    fake.reply({ content: 'x):' });
    expect(await provider.chat(request, call(coder))).toMatchObject({ content: 'x):', finishReason: { unified: 'stop' }, usage: { inputTokens: 10, outputTokens: 5 } });
    fake.reply({ content: 'x):' });
    const events = await collect(await provider.chatStream({ ...request, stream: true }, call(coder)));
    expect(textOf(events, 'text')).toBe('x):');
    expect(events.at(-1)).toMatchObject({ type: 'finish' });
    expect(fake.requests.map((request) => [request.path, request.body])).toEqual([
      ['/api/generate', { ...body, model: 'qwen2.5-coder:1.5b', stream: false }],
      ['/api/generate', { ...body, model: 'qwen2.5-coder:1.5b', stream: true }],
    ]);
  });

  it('uses /api/chat for a generate-less prompt, and /api/generate for a fill-in-the-middle prompt from another dialect', async () => {
    const { fake, provider } = await setup();
    await provider.chat(chatRequest({ prompt: { text: 'Hello' } }), call());
    await provider.chat(chatRequest({ prompt: { text: 'def f(', suffix: 'x' }, messages: [user('def f(')] }), call(spec('qwen2.5-coder:1.5b')));
    expect(fake.requests.map((request) => request.path)).toEqual(['/api/chat', '/api/generate']);
    expect(fake.requests[1]?.body).toEqual({ model: 'qwen2.5-coder:1.5b', prompt: 'def f(', suffix: 'x', stream: false });
  });

  it('embeds through /api/embed with dimensions and reports prompt_eval_count', async () => {
    const { fake, provider } = await setup();
    const embedder = spec('nomic-embed-text:latest', { kind: 'embedding', capabilities: ['embedding'] });
    const response = await provider.embed({ model: 'nomic', inputs: ['alpha', 'beta gamma'], dimensions: 16 }, call(embedder));
    expect(response.model).toBe('nomic-embed-text:latest');
    expect(response.vectors.map((vector) => vector.length)).toEqual([16, 16]);
    expect(response.usage).toEqual({ inputTokens: 5 });
    expect(fake.requests[0]).toMatchObject({ path: '/api/embed', body: { model: 'nomic-embed-text:latest', input: ['alpha', 'beta gamma'], dimensions: 16 } });
  });

  it("maps Ollama's errors: 404 model not found, 400 with its message, 5xx, 503 busy", async () => {
    const { fake, provider } = await setup();
    await expect(provider.chat(chatRequest(), call(spec('missing:7b')))).rejects.toMatchObject({
      code: 'model_not_found',
      status: 404,
      message: "ollama: model 'missing:7b' not found",
    });
    await expect(provider.chat(chatRequest({ reasoning: true }), call(spec('llama3.2:latest')))).rejects.toMatchObject({
      code: 'invalid_request',
      status: 400,
      message: expect.stringContaining('"llama3.2:latest" does not support thinking'),
    });
    fake.fail({ kind: 'status', status: 500, error: 'llama runner process has terminated: exit status 2' });
    await expect(provider.chat(chatRequest(), call())).rejects.toMatchObject({ code: 'upstream_error', status: 502, message: expect.stringContaining('llama runner process') });
    fake.fail({ kind: 'status', status: 503 });
    await expect(provider.chatStream(chatRequest({ stream: true }), call())).rejects.toMatchObject({ code: 'upstream_overloaded', status: 503 });
    await expect(provider.embed({ model: 'x', inputs: ['a'] }, call(spec('llama3.2:latest')))).rejects.toMatchObject({ code: 'invalid_request', status: 400 });
  });

  it('says to check the base URL when the server has no such endpoint', async () => {
    const { fake } = await setup();
    const provider = createOllamaProvider({ id: 'ollama', baseUrl: `${fake.url}/v1`, apiKey: undefined, http });
    await expect(provider.chat(chatRequest(), call())).rejects.toMatchObject({ code: 'upstream_error', message: expect.stringContaining('base URL') });
  });

  it('is upstream_unreachable when nothing listens', async () => {
    const { fake } = await setup();
    await fake.close();
    const provider = createOllamaProvider({ id: 'ollama', baseUrl: fake.url, apiKey: undefined, http });
    await expect(provider.chat(chatRequest(), call())).rejects.toMatchObject({ code: 'upstream_unreachable', status: 502 });
    await expect(provider.listModelIds!(AbortSignal.timeout(5_000))).rejects.toMatchObject({ code: 'upstream_unreachable' });
  });

  it('ends a stream with an error event at an error line or a dropped connection', async () => {
    const { fake, provider } = await setup();
    fake.reply({ content: 'a long enough answer' });
    fake.fail({ kind: 'error-line', afterChunks: 2, message: 'model runner crashed' });
    const errorLine = await collect(await provider.chatStream(chatRequest({ stream: true }), call()));
    expect(textOf(errorLine, 'text')).not.toBe('');
    expect(lastError(errorLine)).toMatchObject({ code: 'upstream_error', message: 'ollama: model runner crashed' });

    fake.reply({ content: 'a long enough answer' });
    fake.fail({ kind: 'drop-mid-stream', afterChunks: 2 });
    const dropped = await collect(await provider.chatStream(chatRequest({ stream: true }), call()));
    expect(lastError(dropped)).toMatchObject({ code: 'upstream_error' });

    fake.fail({ kind: 'drop-mid-stream', afterChunks: 0 });
    await expect(provider.chat(chatRequest(), call())).rejects.toMatchObject({ code: 'upstream_error' });
  });

  it('aborts the upstream request when the client goes away mid-stream', async () => {
    const { fake, provider } = await setup();
    fake.reply({ content: 'one two three four' });
    fake.fail({ kind: 'stall', afterChunks: 1 });
    const controller = new AbortController();
    const events = await provider.chatStream(chatRequest({ stream: true }), call(qwen, controller.signal));
    const iterator = events[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toMatchObject({ type: 'start' });
    controller.abort();
    await fake.clientAborted();
    const rest: StreamEvent[] = [];
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) rest.push(next.value);
    expect(lastError(rest)).toMatchObject({ code: 'client_closed' });
  });
});
