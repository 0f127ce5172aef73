import Fastify, { type FastifyInstance } from 'fastify';
import OpenAI from 'openai';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProxyError } from '../../core/proxy-error.js';
import type { StreamEvent } from '../../core/stream-event.js';
import { FakeGateway } from '../../../test/support/fake-gateway.js';
import { modelSpec } from './__fixtures__/openai-test-helpers.js';
import { openaiSurface } from './openai-routes.js';

let app: FastifyInstance;
let gateway: FakeGateway;
let base: string;
let client: OpenAI;

const start: StreamEvent = { type: 'start', id: 'chatcmpl-s1', model: 'gpt-4o-2024-08-06', created: 1754000000 };

beforeEach(async () => {
  gateway = new FakeGateway([
    { name: 'openai/gpt-4o', spec: modelSpec() },
    { name: 'openrouter/meta-llama/llama-3.3-70b-instruct', spec: modelSpec({ provider: 'openrouter', id: 'meta-llama/llama-3.3-70b-instruct' }) },
    { name: 'openai/text-embedding-3-small', spec: modelSpec({ id: 'text-embedding-3-small', kind: 'embedding' }) },
  ]);
  gateway.response = { ...gateway.response, id: 'chatcmpl-r1', model: 'gpt-4o-2024-08-06', created: 1754000000 };
  app = Fastify();
  app.addHook('onRequest', async (request) => {
    request.trace = {};
  });
  await app.register(openaiSurface, { gateway, ollamaVersion: '0.13.0', prefix: '/v1' });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  base = `${address}/v1`;
  client = new OpenAI({ baseURL: base, apiKey: 'x', maxRetries: 0 });
});

afterEach(async () => {
  await app.close();
});

describe('openaiSurface with the real openai client', () => {
  it('lists models and retrieves one whose id contains slashes', async () => {
    const page = await client.models.list();
    expect(page.data.map((model) => model.id)).toEqual([
      'openai/gpt-4o',
      'openrouter/meta-llama/llama-3.3-70b-instruct',
      'openai/text-embedding-3-small',
    ]);
    expect(page.data[1]).toMatchObject({ object: 'model', owned_by: 'openrouter' });
    expect(page.data.every((model) => model.created === page.data[0]?.created && Number.isInteger(model.created))).toBe(true);

    const model = await client.models.retrieve('openrouter/meta-llama/llama-3.3-70b-instruct');
    expect(model).toMatchObject({ id: 'openrouter/meta-llama/llama-3.3-70b-instruct', object: 'model', owned_by: 'openrouter' });
    const raw = await fetch(`${base}/models/openrouter/meta-llama/llama-3.3-70b-instruct`);
    expect(raw.status).toBe(200);

    await expect(client.models.retrieve('nope/nothing')).rejects.toMatchObject({ status: 404, code: 'model_not_found', type: 'invalid_request_error' });
  });

  it('answers a non-streaming chat and hands the gateway the client model string', async () => {
    gateway.response = { ...gateway.response, content: 'Hi there', usage: { inputTokens: 8, outputTokens: 2 } };
    const completion = await client.chat.completions.create({
      model: 'openai/gpt-4o',
      messages: [
        { role: 'developer', content: 'Be terse.' },
        { role: 'user', content: 'Hello' },
      ],
      max_completion_tokens: 64,
    });
    expect(completion).toMatchObject({
      id: 'chatcmpl-r1',
      object: 'chat.completion',
      model: 'gpt-4o-2024-08-06',
      choices: [{ index: 0, message: { role: 'assistant', content: 'Hi there' }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 8, completion_tokens: 2, total_tokens: 10 },
    });
    expect(gateway.chatRequests[0]).toEqual({
      model: 'openai/gpt-4o',
      stream: false,
      maxTokens: 64,
      messages: [
        { role: 'system', content: 'Be terse.' },
        { role: 'user', content: [{ type: 'text', text: 'Hello' }] },
      ],
    });
  });

  it('streams a chat with include_usage: the usage chunk comes last, with no choices', async () => {
    gateway.events = [
      start,
      { type: 'block-start', index: 0, block: { kind: 'text' } },
      { type: 'block-delta', index: 0, delta: 'Hel' },
      { type: 'block-delta', index: 0, delta: 'lo' },
      { type: 'block-end', index: 0 },
      { type: 'finish', reason: { unified: 'stop' }, usage: { inputTokens: 3, outputTokens: 2 } },
    ];
    const stream = await client.chat.completions.create({
      model: 'openai/gpt-4o',
      messages: [{ role: 'user', content: 'Hi' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? null).join('')).toBe('Hello');
    expect(chunks.every((chunk) => chunk.id === 'chatcmpl-s1' && chunk.created === 1754000000)).toBe(true);
    expect(chunks.at(-2)?.choices[0]?.finish_reason).toBe('stop');
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 } });
    expect(chunks.slice(0, -1).every((chunk) => chunk.usage === null)).toBe(true);
    expect(gateway.chatRequests[0]?.stream).toBe(true);
  });

  it('streams tool calls that the SDK stream helper assembles without complaint', async () => {
    gateway.events = [
      start,
      { type: 'block-start', index: 0, block: { kind: 'tool-call', callId: 'call_a', name: 'get_weather' } },
      { type: 'block-delta', index: 0, delta: '{"city":' },
      { type: 'block-start', index: 1, block: { kind: 'tool-call', callId: 'call_b', name: 'get_time' } },
      { type: 'block-delta', index: 0, delta: '"Tokyo"}' },
      { type: 'block-delta', index: 1, delta: '{"tz":"JST"}' },
      { type: 'block-end', index: 0 },
      { type: 'block-end', index: 1 },
      { type: 'finish', reason: { unified: 'tool-calls' }, usage: {} },
    ];
    const stream = client.chat.completions.stream({
      model: 'openai/gpt-4o',
      messages: [{ role: 'user', content: 'Weather and time in Tokyo?' }],
      tools: [
        { type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } },
        { type: 'function', function: { name: 'get_time', parameters: { type: 'object', properties: { tz: { type: 'string' } } } } },
      ],
    });
    const final = await stream.finalChatCompletion();
    expect(final.choices[0]?.finish_reason).toBe('tool_calls');
    expect(final.choices[0]?.message.tool_calls).toEqual([
      { id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Tokyo"}' } },
      { id: 'call_b', type: 'function', function: { name: 'get_time', arguments: '{"tz":"JST"}' } },
    ]);
    expect(gateway.chatRequests[0]?.tools?.map((tool) => tool.name)).toEqual(['get_weather', 'get_time']);
  });

  it('answers legacy completions, streaming and not', async () => {
    gateway.response = { ...gateway.response, id: 'chatcmpl-c1', content: ' a + b' };
    const completion = await client.completions.create({ model: 'openai/gpt-4o', prompt: 'def add(a, b): return', suffix: '\n', max_tokens: 8 });
    expect(completion).toMatchObject({ id: 'cmpl-c1', object: 'text_completion', choices: [{ text: ' a + b', index: 0, finish_reason: 'stop' }] });
    expect(gateway.chatRequests[0]?.prompt).toEqual({ text: 'def add(a, b): return', suffix: '\n' });

    gateway.events = [
      start,
      { type: 'block-start', index: 0, block: { kind: 'text' } },
      { type: 'block-delta', index: 0, delta: ' a' },
      { type: 'block-delta', index: 0, delta: ' + b' },
      { type: 'finish', reason: { unified: 'length' }, usage: { inputTokens: 4, outputTokens: 2 } },
    ];
    const stream = await client.completions.create({ model: 'openai/gpt-4o', prompt: 'x', stream: true, stream_options: { include_usage: true } });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.map((chunk) => chunk.choices[0]?.text ?? '').join('')).toBe(' a + b');
    expect(chunks.at(-2)?.choices[0]?.finish_reason).toBe('length');
    expect(chunks.at(-1)).toMatchObject({ object: 'text_completion', choices: [], usage: { total_tokens: 6 } });
  });

  it('answers embeddings in base64 by SDK default (decoded to the same floats) and in floats when asked', async () => {
    gateway.embedInputTokens = 7;
    gateway.vectors = [
      [0.5, -1.25, 3],
      [0, 0.25, -2],
    ];
    const result = await client.embeddings.create({ model: 'openai/text-embedding-3-small', input: ['a', 'b'] });
    expect(result.data.map((item) => item.embedding)).toEqual(gateway.vectors);
    expect(result.usage).toEqual({ prompt_tokens: 7, total_tokens: 7 });
    expect(gateway.embedRequests[0]).toEqual({ model: 'openai/text-embedding-3-small', inputs: ['a', 'b'] });

    const raw = await fetch(`${base}/embeddings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'openai/text-embedding-3-small', input: 'a' }),
    });
    const body = (await raw.json()) as { data: Array<{ embedding: unknown }> };
    expect(body.data[0]?.embedding).toEqual([0.5, -1.25, 3]);
  });

  it('turns a gateway failure before streaming into an HTTP error the SDK maps by status', async () => {
    const notFound = await client.chat.completions
      .create({ model: 'nope/missing', messages: [{ role: 'user', content: 'Hi' }], stream: true })
      .then(() => undefined, (error: unknown) => error);
    expect(notFound).toBeInstanceOf(OpenAI.NotFoundError);
    expect(notFound).toMatchObject({ status: 404, message: expect.stringContaining("model 'nope/missing' not found"), code: 'model_not_found' });

    gateway.failNext = new ProxyError('rate_limited', 'upstream is rate limiting', { retryAfter: '7' });
    const raw = await fetch(`${base}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'openai/gpt-4o', messages: [{ role: 'user', content: 'Hi' }] }),
    });
    expect(raw.status).toBe(429);
    expect(raw.headers.get('retry-after')).toBe('7');
    expect(await raw.json()).toEqual({ error: { message: 'upstream is rate limiting', type: 'rate_limit_error', param: null, code: 'rate_limit_exceeded' } });

    await expect(client.chat.completions.create({ model: 'openai/gpt-4o', messages: [], n: 2 })).rejects.toMatchObject({ status: 400, param: 'messages' });
  });

  it('answers a malformed JSON body and an unknown endpoint in the OpenAI error shape', async () => {
    const malformed = await fetch(`${base}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"model":' });
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get('content-type')).toContain('application/json');
    expect(await malformed.json()).toMatchObject({ error: { type: 'invalid_request_error', param: null, message: expect.stringContaining('malformed JSON') } });

    const unknown = await fetch(`${base}/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ error: { message: 'Unknown endpoint', type: 'invalid_request_error', param: null, code: null } });
  });

  it('reports an in-band error mid-stream, which the SDK throws as APIError', async () => {
    gateway.events = [
      start,
      { type: 'block-start', index: 0, block: { kind: 'text' } },
      { type: 'block-delta', index: 0, delta: 'Part' },
      { type: 'error', error: new ProxyError('upstream_error', 'upstream dropped the connection') },
    ];
    const stream = await client.chat.completions.create({ model: 'openai/gpt-4o', messages: [{ role: 'user', content: 'Hi' }], stream: true });
    const seen: string[] = [];
    const consume = async (): Promise<void> => {
      for await (const chunk of stream) seen.push(chunk.choices[0]?.delta.content ?? '');
    };
    const error = await consume().then(() => undefined, (caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect(error).toMatchObject({ message: 'upstream dropped the connection', code: 'upstream_error', type: 'server_error' });
    expect(seen.join('')).toBe('Part');
  });
});
