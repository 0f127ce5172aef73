// The provider against the fake Gemini upstream (real HTTP on 127.0.0.1, no proxy server in between).
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { ChatRequest, Message, ToolCall } from '../../core/chat-request.js';
import type { ModelSpec } from '../../core/model-info.js';
import { ProxyError } from '../../core/proxy-error.js';
import type { StreamEvent } from '../../core/stream-event.js';
import { collect } from '../../../test/support/async-iterables.js';
import { testModelSpec } from '../../../test/support/test-model-spec.js';
import { fakeVector, startFakeGemini, type FakeGemini } from '../../../test/fakes/fake-gemini.js';
import { createUpstreamHttp } from '../http/upstream-http.js';
import { GeminiProvider } from './gemini-provider.js';
import { createGeminiProvider } from './index.js';
import { ThoughtSignatureMemory } from './thought-signature-memory.js';

const http = createUpstreamHttp({ connectMs: 5_000, firstByteMs: 10_000, idleMs: 10_000 });
const fakes: FakeGemini[] = [];

afterEach(async () => {
  await Promise.all(fakes.splice(0).map((fake) => fake.close()));
});
afterAll(async () => {
  await http.dispatcher.close();
});

async function setup(options: { apiKey?: string; memory?: ThoughtSignatureMemory } = {}) {
  const fake = await startFakeGemini();
  fakes.push(fake);
  const provider = new GeminiProvider(
    { id: 'google', baseUrl: `${fake.url}/`, apiKey: options.apiKey ?? 'test-key', extraHeaders: { 'x-goog-user-project': 'fake-project' }, http },
    options.memory ?? new ThoughtSignatureMemory(),
  );
  return { fake, provider };
}

const flash25 = testModelSpec({ provider: 'google', id: 'gemini-2.5-flash', capabilities: ['tools', 'vision', 'thinking'], reasoningEfforts: ['none', 'low', 'medium', 'high'] });
const flash38 = testModelSpec({ provider: 'google', id: 'gemini-3.8-flash', capabilities: ['tools', 'vision', 'thinking'], reasoningEfforts: ['low', 'medium', 'high'] });
const embedding = testModelSpec({ provider: 'google', id: 'gemini-embedding-001', kind: 'embedding', capabilities: ['embedding'] });
const call = (model: ModelSpec = flash25, signal = new AbortController().signal) => ({ model, signal });
const user = (text: string): Message => ({ role: 'user', content: [{ type: 'text', text }] });
const chatRequest = (extra: Partial<ChatRequest> = {}): ChatRequest => ({ model: 'gemini', messages: [user('Hello')], stream: false, ...extra });
const weather = { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } };

async function rejection(promise: Promise<unknown>): Promise<ProxyError> {
  try {
    await promise;
  } catch (error) {
    if (ProxyError.is(error)) return error;
    throw error;
  }
  throw new Error('expected a ProxyError');
}

function lastError(events: StreamEvent[]) {
  const last = events.at(-1);
  return last?.type === 'error' ? last.error : undefined;
}

/** The tool calls of a streamed answer, as a client would collect them. */
function streamedCalls(events: StreamEvent[]): ToolCall[] {
  const calls = new Map<number, ToolCall>();
  for (const event of events) {
    if (event.type === 'block-start' && event.block.kind === 'tool-call') calls.set(event.index, { id: event.block.callId, name: event.block.name, argumentsJson: '' });
    if (event.type === 'block-delta' && calls.has(event.index)) calls.get(event.index)!.argumentsJson += event.delta;
  }
  return [...calls.values()];
}

describe('GeminiProvider', () => {
  it('posts to {base}/v1beta/models/{model}:generateContent with the key in a header, never the URL, and decodes the answer', async () => {
    const { fake, provider } = await setup();
    fake.reply({ content: 'Hi!', thoughts: 'A greeting.', usage: { promptTokenCount: 5, candidatesTokenCount: 2, thoughtsTokenCount: 9, cachedContentTokenCount: 3 } });
    const response = await provider.chat(chatRequest({ messages: [{ role: 'system', content: 'Be nice.' }, user('Hello')] }), call());

    expect(response).toMatchObject({
      model: 'gemini-2.5-flash',
      content: 'Hi!',
      reasoning: 'A greeting.',
      toolCalls: [],
      finishReason: { unified: 'stop', raw: 'STOP' },
      usage: { inputTokens: 5, outputTokens: 11, reasoningTokens: 9, cacheReadTokens: 3 },
    });
    const sent = fake.requests[0]!;
    expect(sent.path).toBe('/v1beta/models/gemini-2.5-flash:generateContent');
    expect(sent.path).not.toContain('key=');
    expect(sent.headers).toMatchObject({ 'x-goog-api-key': 'test-key', 'x-goog-user-project': 'fake-project', 'content-type': 'application/json' });
    expect(sent.body).toEqual({
      contents: [{ role: 'user', parts: [{ text: 'Hello' }] }],
      systemInstruction: { parts: [{ text: 'Be nice.' }] },
      generationConfig: { thinkingConfig: { includeThoughts: true } },
    });
  });

  it('streams over :streamGenerateContent?alt=sse, with reasoning and text blocks and usage from the last chunk', async () => {
    const { fake, provider } = await setup();
    fake.reply({ content: 'One two three four five', thoughts: 'Counting up.', usage: { promptTokenCount: 7, candidatesTokenCount: 5, thoughtsTokenCount: 2 } });
    const events = await collect(await provider.chatStream(chatRequest({ stream: true, reasoning: 'low' }), call()));

    expect(fake.requests[0]?.path).toBe('/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse');
    expect(fake.requests[0]?.body.generationConfig).toEqual({ thinkingConfig: { includeThoughts: true, thinkingBudget: 1024 } });
    expect(events.map((event) => event.type)).toEqual([
      'start', 'block-start', 'block-delta', 'block-delta', 'block-end',
      'block-start', 'block-delta', 'block-delta', 'block-delta', 'block-delta', 'block-end', 'finish',
    ]);
    const text = events.flatMap((event) => (event.type === 'block-delta' && event.index === 1 ? [event.delta] : [])).join('');
    expect(text).toBe('One two three four five');
    expect(events.at(-1)).toEqual({ type: 'finish', reason: { unified: 'stop', raw: 'STOP' }, usage: { inputTokens: 7, outputTokens: 7, reasoningTokens: 2 } });
  });

  it('runs a two-turn Gemini 3 tool call for a client that drops thought signatures (stream, then non-stream)', async () => {
    const { fake, provider } = await setup();
    fake.reply({ functionCalls: [{ name: 'get_weather', args: { city: 'Paris' } }, { name: 'get_weather', args: { city: 'Rome' } }] });
    const first = await collect(await provider.chatStream(chatRequest({ stream: true, tools: [weather], messages: [user('Paris and Rome?')] }), call(flash38)));
    expect(first.at(-1)).toMatchObject({ type: 'finish', reason: { unified: 'tool-calls', raw: 'STOP' } });
    const calls = streamedCalls(first);
    expect(calls.map((c) => c.argumentsJson)).toEqual(['{"city":"Paris"}', '{"city":"Rome"}']);

    // What an OpenAI client sends back: the calls with their ids, the results with tool_call_id only, no signatures.
    const history: Message[] = [
      user('Paris and Rome?'),
      { role: 'assistant', content: '', toolCalls: calls },
      { role: 'tool', toolCallId: calls[0]!.id, content: '18C' },
      { role: 'tool', toolCallId: calls[1]!.id, content: '21C' },
    ];
    fake.reply({ content: 'Paris 18C, Rome 21C.' });
    const second = await provider.chat(chatRequest({ tools: [weather], messages: history }), call(flash38));
    expect(second.content).toBe('Paris 18C, Rome 21C.');
    const sentBack = fake.requests[1]!.body.contents[1].parts;
    // The fake accepts only signatures it issued, so the answer above proves the remembered one went back.
    expect(sentBack[0].thoughtSignature).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(sentBack[1].thoughtSignature).toBeUndefined();
    expect(fake.requests[1]!.body.contents[2].parts).toEqual([
      { functionResponse: { name: 'get_weather', response: { output: '18C' } } },
      { functionResponse: { name: 'get_weather', response: { output: '21C' } } },
    ]);
  });

  it('gets a Gemini 3 tool turn accepted when the ids were replaced (older Ollama clients) or the signature is unknown here', async () => {
    const { fake, provider } = await setup();
    fake.reply({ functionCalls: [{ name: 'get_weather', args: { city: 'Oslo' } }] });
    const first = await provider.chat(chatRequest({ tools: [weather], messages: [user('Oslo?')] }), call(flash38));
    const withNewIds: Message[] = [
      user('Oslo?'),
      { role: 'assistant', content: '', toolCalls: [{ ...first.toolCalls[0]!, id: 'call_fromclient' }] },
      { role: 'tool', toolName: 'get_weather', content: '2C' },
    ];
    fake.reply({ content: 'Cold.' });
    expect((await provider.chat(chatRequest({ tools: [weather], messages: withNewIds }), call(flash38))).content).toBe('Cold.');
    expect(fake.requests[1]!.body.contents[1].parts[0].thoughtSignature).not.toBe('skip_thought_signature_validator');

    // Another instance (fresh memory) never saw the call: the documented dummy signature gets it through.
    const other = new GeminiProvider({ id: 'google', baseUrl: fake.url, apiKey: 'test-key', http }, new ThoughtSignatureMemory());
    fake.reply({ content: 'Still cold.' });
    expect((await other.chat(chatRequest({ tools: [weather], messages: withNewIds }), call(flash38))).content).toBe('Still cold.');
    expect(fake.requests[2]!.body.contents[1].parts[0].thoughtSignature).toBe('skip_thought_signature_validator');
  });

  it('maps upstream errors: 429 with the RetryInfo delay, a bad key, 503, an unknown model and a rejected field', async () => {
    const { fake, provider } = await setup();
    fake.fail({ kind: 'status', status: 429 });
    expect(await rejection(provider.chat(chatRequest(), call()))).toMatchObject({ code: 'rate_limited', status: 429, info: { retryAfter: '7', upstreamStatus: 429 } });
    fake.fail({ kind: 'status', status: 503 });
    expect(await rejection(provider.chatStream(chatRequest({ stream: true }), call()))).toMatchObject({ code: 'upstream_overloaded', status: 503 });
    fake.fail({ kind: 'status', status: 500 });
    expect(await rejection(provider.chat(chatRequest(), call()))).toMatchObject({ code: 'upstream_error', status: 502 });
    expect(await rejection(provider.chat(chatRequest(), call(testModelSpec({ id: 'gemini-embedding-001' }))))).toMatchObject({ code: 'model_not_found', status: 404 });
    const invalid = await rejection(provider.chat(chatRequest({ temperature: 5 }), call()));
    expect(invalid).toMatchObject({ code: 'invalid_request', status: 400 });
    expect(invalid.message).toContain('temperature must be in the range [0.0, 2.0]');

    const { provider: badKey } = await setup({ apiKey: 'wrong' });
    const auth = await rejection(badKey.chat(chatRequest(), call()));
    expect(auth).toMatchObject({ code: 'upstream_auth', status: 502 });
    expect(auth.message).not.toContain('API key not valid');
  });

  it('throws content_filter for a blocked prompt, and ends a blocked stream with a content_filter error', async () => {
    const { fake, provider } = await setup();
    fake.reply({ blockReason: 'SAFETY' });
    expect(await rejection(provider.chat(chatRequest(), call()))).toMatchObject({ code: 'content_filter', message: 'google blocked the prompt (SAFETY)' });
    fake.reply({ blockReason: 'PROHIBITED_CONTENT' });
    const events = await collect(await provider.chatStream(chatRequest({ stream: true }), call()));
    expect(lastError(events)).toMatchObject({ code: 'content_filter' });
  });

  it('ends the stream with an error event when the upstream drops mid-stream or sends an error chunk', async () => {
    const { fake, provider } = await setup();
    fake.reply({ content: 'a b c d e f g h' });
    fake.fail({ kind: 'drop-mid-stream', afterChunks: 2 });
    const dropped = await collect(await provider.chatStream(chatRequest({ stream: true }), call()));
    expect(dropped.filter((event) => event.type === 'block-delta')).toHaveLength(2);
    expect(lastError(dropped)).toMatchObject({ code: 'upstream_error', message: 'google connection failed mid-response' });

    fake.reply({ content: 'a b c d' });
    fake.fail({ kind: 'stream-error-chunk', afterChunks: 1, status: 429 });
    const errored = await collect(await provider.chatStream(chatRequest({ stream: true }), call()));
    expect(lastError(errored)).toMatchObject({ code: 'rate_limited' });
  });

  it('aborts the upstream request when the client signal aborts mid-stream', async () => {
    const { fake, provider } = await setup();
    fake.reply({ content: 'never finished' });
    fake.fail({ kind: 'stall', afterChunks: 1 });
    const controller = new AbortController();
    const events = await provider.chatStream(chatRequest({ stream: true }), call(flash25, controller.signal));
    const iterator = events[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toMatchObject({ type: 'start' });
    controller.abort();
    await fake.clientAborted();
    const rest: StreamEvent[] = [];
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) rest.push(next.value);
    expect(lastError(rest)?.code).toBe('client_closed');
  });

  it('embeds one input with :embedContent and many with :batchEmbedContents, 100 per call', async () => {
    const { fake, provider } = await setup();
    const one = await provider.embed({ model: 'e', inputs: ['hello'], dimensions: 16 }, call(embedding));
    expect(one).toEqual({ model: 'gemini-embedding-001', vectors: [fakeVector('hello', 16)], usage: {} });
    expect(fake.requests[0]).toMatchObject({ path: '/v1beta/models/gemini-embedding-001:embedContent', body: { content: { parts: [{ text: 'hello' }] }, outputDimensionality: 16 } });

    const inputs = Array.from({ length: 150 }, (_, i) => `text ${i}`);
    const many = await provider.embed({ model: 'e', inputs }, call(embedding));
    expect(many.vectors).toHaveLength(150);
    expect(many.vectors[149]).toEqual(fakeVector('text 149', 3072));
    expect(fake.requests.slice(1).map((request) => [request.path, request.body.requests.length])).toEqual([
      ['/v1beta/models/gemini-embedding-001:batchEmbedContents', 100],
      ['/v1beta/models/gemini-embedding-001:batchEmbedContents', 50],
    ]);
  });

  it('lists model ids without the models/ prefix', async () => {
    const { fake, provider } = await setup();
    expect(await provider.listModelIds(new AbortController().signal)).toEqual(['gemini-2.5-flash', 'gemini-2.5-pro', 'gemini-3.1-pro-preview', 'gemini-3.8-flash', 'gemini-embedding-001']);
    expect(fake.requests[0]?.path).toBe('/v1beta/models?pageSize=1000');
  });

  it('is what createGeminiProvider builds', async () => {
    const { fake } = await setup();
    const provider = createGeminiProvider({ id: 'google', baseUrl: fake.url, apiKey: 'test-key', http });
    expect(provider.id).toBe('google');
    expect((await provider.chat(chatRequest(), call())).content).toBe('Hello from gemini');
  });
});
