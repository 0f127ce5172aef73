import Anthropic from '@anthropic-ai/sdk';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProxyError } from '../../core/proxy-error.js';
import type { StreamEvent } from '../../core/stream-event.js';
import { FakeGateway } from '../../../test/support/fake-gateway.js';
import { openaiSurface } from '../openai/openai-routes.js';
import { modelSpec } from './__fixtures__/anthropic-test-helpers.js';
import { anthropicSurface } from './anthropic-routes.js';

let app: FastifyInstance;
let gateway: FakeGateway;
let base: string;
let client: Anthropic;

const start: StreamEvent = { type: 'start', id: 'chatcmpl-s1', model: 'gpt-4o-2024-08-06', created: 1754000000 };

beforeEach(async () => {
  gateway = new FakeGateway([
    { name: 'openai/gpt-4o', spec: modelSpec({ maxOutputTokens: 16384 }) },
    { name: 'anthropic/claude-sonnet-4-5', spec: modelSpec({ provider: 'anthropic', id: 'claude-sonnet-4-5' }) },
  ]);
  gateway.response = { ...gateway.response, id: 'chatcmpl-r1', model: 'gpt-4o-2024-08-06', created: 1754000000 };
  app = Fastify();
  app.decorateRequest('trace', null as never);
  app.addHook('onRequest', async (request) => {
    request.trace = {};
  });
  // Both surfaces under /v1, as the server registers them.
  await app.register(openaiSurface, { gateway, ollamaVersion: '0.13.0', prefix: '/v1' });
  await app.register(anthropicSurface, { gateway, ollamaVersion: '0.13.0', prefix: '/v1' });
  base = await app.listen({ host: '127.0.0.1', port: 0 });
  client = new Anthropic({ baseURL: base, apiKey: 'x', maxRetries: 0 });
});

afterEach(async () => {
  await app.close();
});

async function post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

describe('anthropicSurface with the real @anthropic-ai/sdk', () => {
  it('answers messages.create and hands the gateway the canonical request plus the native body', async () => {
    gateway.response = { ...gateway.response, content: 'Hi there', usage: { inputTokens: 12, outputTokens: 3 } };
    const message = await client.messages.create({
      model: 'openai/gpt-4o',
      max_tokens: 64,
      system: 'Be terse.',
      messages: [{ role: 'user', content: 'Hello' }],
    });
    expect(message).toMatchObject({
      id: 'msg_chatcmpl-r1',
      type: 'message',
      role: 'assistant',
      model: 'openai/gpt-4o',
      content: [{ type: 'text', text: 'Hi there' }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: 12, output_tokens: 3, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
    });
    const sent = gateway.chatRequests[0]!;
    expect(sent).toMatchObject({
      model: 'openai/gpt-4o',
      stream: false,
      maxTokens: 64,
      messages: [
        { role: 'system', content: 'Be terse.' },
        { role: 'user', content: [{ type: 'text', text: 'Hello' }] },
      ],
    });
    expect(sent.native).toEqual({
      dialect: 'anthropic-messages',
      body: { model: 'openai/gpt-4o', max_tokens: 64, system: 'Be terse.', messages: [{ role: 'user', content: 'Hello' }] },
    });
    expect(gateway.calls[0]?.trace.requestedModel).toBe('openai/gpt-4o');
  });

  it("lowers Claude-sized max_tokens to the model's maximum output, and answers Claude Code's ?beta=true path", async () => {
    const response = await post('/v1/messages?beta=true', { model: 'openai/gpt-4o', max_tokens: 32000, messages: [{ role: 'user', content: 'x' }] });
    expect(response.status).toBe(200);
    expect(gateway.chatRequests[0]?.maxTokens).toBe(16384);
    expect(gateway.chatRequests[0]?.native?.body.max_tokens).toBe(32000);
    await post('/v1/messages', { model: 'anthropic/claude-sonnet-4-5', max_tokens: 32000, messages: [{ role: 'user', content: 'x' }] });
    expect(gateway.chatRequests[1]?.maxTokens).toBe(32000);
  });

  it('accepts the older x-api-key + 2023-06-01 style, a 2026 version with Bearer, and beta headers, requiring none', async () => {
    const body = { model: 'openai/gpt-4o', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] };
    const styles: Array<Record<string, string>> = [
      { 'x-api-key': 'sk-ant-old', 'anthropic-version': '2023-06-01' },
      { authorization: 'Bearer sk-ant-new', 'anthropic-version': '2026-10-21', 'anthropic-beta': 'interleaved-thinking-2025-05-14,fine-grained-tool-streaming-2025-05-14' },
      {},
    ];
    for (const headers of styles) {
      const response = await post('/v1/messages', body, headers);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('application/json');
      expect(((await response.json()) as { type: string }).type).toBe('message');
    }
  });

  it('streams text and a tool call that the SDK stream helper assembles into its final message', async () => {
    gateway.events = [
      start,
      { type: 'block-start', index: 0, block: { kind: 'reasoning' } },
      { type: 'block-delta', index: 0, delta: 'Weather needs a tool.' },
      { type: 'block-end', index: 0 },
      { type: 'block-start', index: 1, block: { kind: 'text' } },
      { type: 'block-delta', index: 1, delta: 'Let me ' },
      { type: 'block-delta', index: 1, delta: 'check.' },
      { type: 'block-end', index: 1 },
      { type: 'block-start', index: 2, block: { kind: 'tool-call', callId: 'call_w', name: 'get_weather' } },
      { type: 'block-delta', index: 2, delta: '{"city":' },
      { type: 'block-delta', index: 2, delta: '"Tokyo"}' },
      { type: 'block-end', index: 2 },
      { type: 'finish', reason: { unified: 'tool-calls' }, usage: { inputTokens: 30, outputTokens: 12 } },
    ];
    const stream = client.messages.stream({
      model: 'openai/gpt-4o',
      max_tokens: 256,
      messages: [{ role: 'user', content: 'Weather in Tokyo?' }],
      tools: [{ name: 'get_weather', input_schema: { type: 'object', properties: { city: { type: 'string' } } } }],
    });
    const texts: string[] = [];
    stream.on('text', (text) => texts.push(text));
    const final = await stream.finalMessage();
    expect(texts.join('')).toBe('Let me check.');
    expect(final).toMatchObject({
      id: 'msg_chatcmpl-s1',
      model: 'openai/gpt-4o',
      content: [
        { type: 'thinking', thinking: 'Weather needs a tool.', signature: '' },
        { type: 'text', text: 'Let me check.' },
        { type: 'tool_use', id: 'call_w', name: 'get_weather', input: { city: 'Tokyo' } },
      ],
      stop_reason: 'tool_use',
      usage: { input_tokens: 30, output_tokens: 12 },
    });
    expect(gateway.chatRequests[0]).toMatchObject({ stream: true, tools: [{ name: 'get_weather' }] });
  });

  it('sends the SSE headers and streams with event names', async () => {
    gateway.events = [start, { type: 'block-delta', index: 0, delta: 'ok' }, { type: 'finish', reason: { unified: 'stop' }, usage: {} }];
    const response = await post('/v1/messages', { model: 'openai/gpt-4o', max_tokens: 5, stream: true, messages: [{ role: 'user', content: 'x' }] });
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    const text = await response.text();
    expect(text.startsWith('event: message_start\ndata: {"type":"message_start"')).toBe(true);
    expect(text.endsWith('event: message_stop\ndata: {"type":"message_stop"}\n\n')).toBe(true);
  });

  it('throws the SDK error of an in-band failure mid-stream', async () => {
    gateway.events = [
      start,
      { type: 'block-start', index: 0, block: { kind: 'text' } },
      { type: 'block-delta', index: 0, delta: 'Part' },
      { type: 'error', error: new ProxyError('upstream_error', 'upstream dropped the connection') },
    ];
    const stream = client.messages.stream({ model: 'openai/gpt-4o', max_tokens: 16, messages: [{ role: 'user', content: 'x' }] });
    const seen: string[] = [];
    stream.on('text', (text) => seen.push(text));
    const error = await stream.finalMessage().then(() => undefined, (caught: unknown) => caught);
    expect(error).toBeInstanceOf(Anthropic.APIError);
    expect(error).toMatchObject({ type: 'api_error', message: expect.stringContaining('upstream dropped the connection') });
    expect(seen.join('')).toBe('Part');
  });

  it('answers gateway failures with the status and error type the SDK maps to its classes', async () => {
    const params = { model: 'openai/gpt-4o', max_tokens: 16, messages: [{ role: 'user' as const, content: 'x' }] };
    const notFound = await client.messages.create({ ...params, model: 'nope/missing' }).catch((caught: unknown) => caught);
    expect(notFound).toBeInstanceOf(Anthropic.NotFoundError);
    expect(notFound).toMatchObject({ status: 404, type: 'not_found_error', message: expect.stringContaining("model 'nope/missing' not found") });

    gateway.failNext = new ProxyError('rate_limited', 'openai rate limit: slow down', { retryAfter: '7' });
    const limited = await client.messages.create(params).catch((caught: unknown) => caught);
    expect(limited).toBeInstanceOf(Anthropic.RateLimitError);
    expect((limited as InstanceType<typeof Anthropic.RateLimitError>).headers.get('retry-after')).toBe('7');
    expect(limited).toMatchObject({ type: 'rate_limit_error' });

    gateway.failNext = new ProxyError('upstream_overloaded', 'openai is overloaded (HTTP 503)');
    const overloaded = await client.messages.create({ ...params, stream: true }).catch((caught: unknown) => caught);
    expect(overloaded).toBeInstanceOf(Anthropic.OverloadedError);
    expect(overloaded).toMatchObject({ status: 529, type: 'overloaded_error' });

    gateway.failNext = new ProxyError('upstream_auth', "provider 'openai' rejected our API key (HTTP 401)");
    const response = await post('/v1/messages', params);
    expect(response.status).toBe(502);
    expect(response.headers.get('x-should-retry')).toBe('false');
    expect(await response.json()).toMatchObject({ type: 'error', error: { type: 'api_error', message: expect.stringContaining('rejected our API key') } });

    gateway.failNext = new ProxyError('upstream_timeout', 'openai timed out');
    await expect(client.messages.create(params)).rejects.toBeInstanceOf(Anthropic.GatewayTimeoutError);
  });

  it('answers bad bodies with 400 in Anthropic shape naming the field, while /v1 OpenAI routes keep their own shape', async () => {
    const missing = await client.messages
      .create({ model: 'openai/gpt-4o', messages: [{ role: 'user', content: 'x' }] } as unknown as Anthropic.MessageCreateParamsNonStreaming)
      .catch((caught: unknown) => caught);
    expect(missing).toBeInstanceOf(Anthropic.BadRequestError);
    expect(missing).toMatchObject({ type: 'invalid_request_error', message: expect.stringContaining('max_tokens: Field required') });

    const malformed = await post('/v1/messages', '{"model":');
    expect(malformed.status).toBe(400);
    const malformedBody = (await malformed.json()) as { type: string; error: { type: string; message: string }; request_id: string };
    expect(malformedBody).toMatchObject({ type: 'error', error: { type: 'invalid_request_error', message: expect.stringContaining('malformed JSON') } });
    expect(malformedBody.request_id).toBe(malformed.headers.get('request-id'));

    const openai = await post('/v1/chat/completions', '{"model":');
    expect(await openai.json()).toMatchObject({ error: { type: 'invalid_request_error', param: null, code: null } });
    const unknown = await post('/v1/responses', {});
    expect(await unknown.json()).toEqual({ error: { message: 'Unknown endpoint', type: 'invalid_request_error', param: null, code: null } });
  });

  it('estimates count_tokens for a known model and answers 404 for an unknown one', async () => {
    const small = await client.messages.countTokens({ model: 'openai/gpt-4o', messages: [{ role: 'user', content: 'Hello, world' }] });
    const large = await client.messages.countTokens({
      model: 'anthropic/claude-sonnet-4-5',
      system: 'You are a helpful assistant. '.repeat(20),
      messages: [{ role: 'user', content: 'Hello, world' }],
      tools: [{ name: 'get_weather', input_schema: { type: 'object', properties: { city: { type: 'string' } } } }],
    });
    expect(small.input_tokens).toBeGreaterThan(0);
    expect(large.input_tokens).toBeGreaterThan(small.input_tokens + 100);
    expect(gateway.chatRequests).toHaveLength(0);

    const error = await client.messages.countTokens({ model: 'no-such-model', messages: [{ role: 'user', content: 'x' }] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Anthropic.NotFoundError);
    expect(error).toMatchObject({ type: 'not_found_error' });
  });

  it('passes server tools on for an Anthropic-served model and rejects them for others', async () => {
    const params = {
      max_tokens: 64,
      messages: [{ role: 'user' as const, content: 'Search the news' }],
      tools: [{ type: 'web_search_20250305' as const, name: 'web_search' as const, max_uses: 2 }],
    };
    const rejected = await client.messages.create({ ...params, model: 'openai/gpt-4o' }).catch((caught: unknown) => caught);
    expect(rejected).toBeInstanceOf(Anthropic.BadRequestError);
    expect(rejected).toMatchObject({ message: expect.stringContaining('web_search_20250305') });

    gateway.response = { ...gateway.response, content: 'Here is the news.' };
    await client.messages.create({ ...params, model: 'anthropic/claude-sonnet-4-5' });
    const sent = gateway.chatRequests.at(-1)!;
    expect(sent.tools).toBeUndefined();
    expect(sent.native?.body.tools).toEqual(params.tools);
  });
});

describe('anthropicSurface body limit', () => {
  it('answers a body over the limit with 413 request_too_large', async () => {
    const small = Fastify({ bodyLimit: 200 });
    small.decorateRequest('trace', null as never);
    small.addHook('onRequest', async (request) => {
      request.trace = {};
    });
    await small.register(anthropicSurface, { gateway: new FakeGateway([]), ollamaVersion: '0.13.0', prefix: '/v1' });
    const address = await small.listen({ host: '127.0.0.1', port: 0 });
    try {
      const sdk = new Anthropic({ baseURL: address, apiKey: 'x', maxRetries: 0 });
      const error = await sdk.messages
        .create({ model: 'm', max_tokens: 5, messages: [{ role: 'user', content: 'x'.repeat(500) }] })
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(Anthropic.ContentTooLargeError);
      expect(error).toMatchObject({ status: 413, type: 'request_too_large' });
    } finally {
      await small.close();
    }
  });
});
