import Fastify, { type FastifyInstance } from 'fastify';
import { Ollama } from 'ollama';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProxyError } from '../../core/proxy-error.js';
import { chatSpec } from './__fixtures__/ollama-test-helpers.js';
import { FakeGateway } from '../../../test/support/fake-gateway.js';
import { ollamaSurface } from './ollama-routes.js';

let app: FastifyInstance;
let gateway: FakeGateway;
let base: string;
let ollama: Ollama;

beforeEach(async () => {
  gateway = new FakeGateway([
    { name: 'openai/gpt-4o', spec: chatSpec({ capabilities: ['tools', 'vision', 'thinking'] }) },
    { name: 'mistral/codestral', spec: chatSpec({ provider: 'mistral', id: 'codestral', displayName: 'Codestral', family: 'codestral', capabilities: ['insert'] }) },
    {
      name: 'openai/text-embedding-3-small',
      spec: chatSpec({ id: 'text-embedding-3-small', kind: 'embedding', family: 'text-embedding-3', contextLength: 8191, embeddingLength: 1536 }),
    },
  ]);
  app = Fastify();
  app.addHook('onRequest', async (request) => {
    request.trace = {};
  });
  await app.register(ollamaSurface, { gateway, ollamaVersion: '0.13.0' });
  base = await app.listen({ host: '127.0.0.1', port: 0 });
  ollama = new Ollama({ host: base });
});

afterEach(async () => {
  await app.close();
});

describe('ollamaSurface with the real ollama-js client', () => {
  it('answers reachability and version checks, and lists no running models', async () => {
    const root = await fetch(base);
    expect(root.status).toBe(200);
    expect(await root.text()).toBe('Ollama is running');
    expect((await fetch(base, { method: 'HEAD' })).status).toBe(200);
    expect((await fetch(`${base}/api/version`, { method: 'HEAD' })).status).toBe(200);
    expect((await fetch(`${base}/api/tags`, { method: 'HEAD' })).status).toBe(200);
    expect(await ollama.version()).toEqual({ version: '0.13.0' });
    expect(await ollama.ps()).toEqual({ models: [] });
  });

  it('lists tagged models and shows them by model or legacy name', async () => {
    const { models } = await ollama.list();
    expect(models.map((model) => model.name)).toEqual([
      'openai/gpt-4o:latest',
      'mistral/codestral:latest',
      'openai/text-embedding-3-small:latest',
    ]);
    expect(models.every((model) => model.model === model.name && model.size === 0)).toBe(true);
    expect(models[0]?.modified_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{9}Z$/);

    const show = await ollama.show({ model: 'openai/gpt-4o:latest' });
    expect(show.capabilities).toEqual(['completion', 'tools', 'vision', 'thinking']);
    const info = show.model_info as unknown as Record<string, unknown>;
    expect(info).toEqual({ 'general.architecture': 'gpt_4o', 'general.basename': 'GPT-4o', 'gpt_4o.context_length': 128000 });

    const legacy = await fetch(`${base}/api/show`, { method: 'POST', body: JSON.stringify({ name: 'mistral/codestral' }) });
    expect(legacy.status).toBe(200);
    expect(((await legacy.json()) as { template: string }).template).toContain('.Suffix');
    await expect(ollama.show({ model: 'nope' })).rejects.toMatchObject({ name: 'ResponseError', status_code: 404, message: "model 'nope' not found" });
  });

  it('chats without streaming and passes the client model string and options to the gateway', async () => {
    gateway.response = { ...gateway.response, content: 'Hi!', usage: { inputTokens: 9, outputTokens: 2 } };
    const response = await ollama.chat({
      model: 'openai/gpt-4o',
      messages: [{ role: 'user', content: 'Hello' }],
      options: { temperature: 0.1, num_predict: 64, num_ctx: 4096 },
    });
    expect(response).toMatchObject({ model: 'openai/gpt-4o', message: { role: 'assistant', content: 'Hi!' }, done: true, done_reason: 'stop', prompt_eval_count: 9, eval_count: 2 });
    expect(response.eval_duration).toBeGreaterThan(0);
    expect(gateway.chatRequests[0]).toEqual({
      model: 'openai/gpt-4o',
      stream: false,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello' }] }],
      temperature: 0.1,
      maxTokens: 64,
      native: {
        dialect: 'ollama-chat',
        body: {
          model: 'openai/gpt-4o',
          messages: [{ role: 'user', content: 'Hello' }],
          options: { temperature: 0.1, num_predict: 64, num_ctx: 4096 },
          stream: false,
        },
      },
    });
    expect(gateway.calls[0]?.trace.requestedModel).toBe('openai/gpt-4o');
  });

  it('streams a chat with thinking and tool calls whose arguments arrive as objects', async () => {
    gateway.events = [
      { type: 'start', id: 'r1', model: 'gpt-4o', created: 0 },
      { type: 'block-start', index: 0, block: { kind: 'reasoning' } },
      { type: 'block-delta', index: 0, delta: 'Need weather.' },
      { type: 'block-end', index: 0 },
      { type: 'block-start', index: 1, block: { kind: 'tool-call', callId: 'call_abc123', name: 'get_weather' } },
      { type: 'block-delta', index: 1, delta: '{"city":' },
      { type: 'block-delta', index: 1, delta: '"Tokyo"}' },
      { type: 'block-end', index: 1 },
      { type: 'finish', reason: { unified: 'tool-calls' }, usage: { inputTokens: 30, outputTokens: 10 } },
    ];
    const stream = await ollama.chat({
      model: 'openai/gpt-4o:latest',
      messages: [{ role: 'user', content: 'weather in Tokyo?' }],
      tools: [{ type: 'function', function: { name: 'get_weather', description: 'weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }],
      think: true,
      stream: true,
    });
    let thinking = '';
    const calls = [];
    let last;
    for await (const part of stream) {
      thinking += part.message.thinking ?? '';
      calls.push(...(part.message.tool_calls ?? []));
      last = part;
    }
    expect(thinking).toBe('Need weather.');
    expect(calls).toEqual([{ id: 'call_abc123', function: { index: 0, name: 'get_weather', arguments: { city: 'Tokyo' } } }]);
    expect(last).toMatchObject({ done: true, done_reason: 'stop', prompt_eval_count: 30, eval_count: 10 });
    expect(gateway.chatRequests[0]).toMatchObject({ stream: true, reasoning: true, tools: [{ name: 'get_weather' }] });
  });

  it('streams /api/generate as response chunks', async () => {
    gateway.events = [
      { type: 'block-start', index: 0, block: { kind: 'text' } },
      { type: 'block-delta', index: 0, delta: 'Once upon' },
      { type: 'block-delta', index: 0, delta: ' a time' },
      { type: 'block-end', index: 0 },
      { type: 'finish', reason: { unified: 'stop' }, usage: { outputTokens: 4 } },
    ];
    const stream = await ollama.generate({ model: 'openai/gpt-4o', prompt: 'Tell a story', system: 'Be brief', stream: true });
    let text = '';
    let evalCount: number | undefined;
    for await (const part of stream) {
      text += part.response;
      if (part.done) evalCount = part.eval_count;
    }
    expect(text).toBe('Once upon a time');
    expect(evalCount).toBe(4);
    expect(gateway.chatRequests[0]).toMatchObject({
      messages: [{ role: 'system', content: 'Be brief' }, { role: 'user', content: [{ type: 'text', text: 'Tell a story' }] }],
      prompt: { text: 'Tell a story' },
    });
  });

  it('embeds through /api/embed and the legacy /api/embeddings', async () => {
    const embed = await ollama.embed({ model: 'openai/text-embedding-3-small', input: ['alpha', 'be'] });
    expect(embed).toMatchObject({ model: 'openai/text-embedding-3-small', embeddings: [[5, 0, 0.5], [2, 1, 0.5]], prompt_eval_count: 4 });
    const { embedding } = await ollama.embeddings({ model: 'openai/text-embedding-3-small', prompt: 'abc' });
    expect(embedding).toEqual([3, 0, 0.5]);
    expect(gateway.embedRequests.map((request) => request.inputs)).toEqual([['alpha', 'be'], ['abc']]);
    expect(await ollama.embed({ model: 'openai/text-embedding-3-small', input: [] })).toMatchObject({ embeddings: [] });
    expect(gateway.embedRequests).toHaveLength(2);
  });

  it('returns an HTTP error with a JSON body when the gateway fails before streaming', async () => {
    const request = { model: 'nope', messages: [{ role: 'user', content: 'x' }], stream: true as const };
    await expect(ollama.chat(request)).rejects.toMatchObject({ name: 'ResponseError', status_code: 404, message: "model 'nope' not found" });

    gateway.failNext = new ProxyError('rate_limited', 'slow down', { retryAfter: '7' });
    const response = await fetch(`${base}/api/chat`, { method: 'POST', body: JSON.stringify({ ...request, model: 'openai/gpt-4o' }) });
    expect(response.status).toBe(429);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('retry-after')).toBe('7');
    expect(await response.json()).toEqual({ error: 'slow down' });
  });

  it('ends a stream with an in-band error line that the client throws', async () => {
    gateway.events = [
      { type: 'block-start', index: 0, block: { kind: 'text' } },
      { type: 'block-delta', index: 0, delta: 'partial' },
      { type: 'error', error: new ProxyError('upstream_error', 'openai: connection reset') },
    ];
    const stream = await ollama.chat({ model: 'openai/gpt-4o', messages: [{ role: 'user', content: 'x' }], stream: true });
    const seen: string[] = [];
    await expect(
      (async () => {
        for await (const part of stream) seen.push(part.message.content);
      })(),
    ).rejects.toThrow('openai: connection reset');
    expect(seen).toEqual(['partial']);
  });

  it('answers load and unload probes locally, and 404s them for unknown models', async () => {
    const load = await ollama.chat({ model: 'openai/gpt-4o', messages: [] });
    expect(load).toMatchObject({ done: true, done_reason: 'load', message: { role: 'assistant', content: '' } });
    const unload = await ollama.generate({ model: 'openai/gpt-4o', prompt: '', keep_alive: 0 });
    expect(unload).toMatchObject({ done: true, done_reason: 'unload', response: '' });
    const streamed = await fetch(`${base}/api/chat`, { method: 'POST', body: JSON.stringify({ model: 'openai/gpt-4o' }) });
    expect(streamed.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    expect(await streamed.text()).toMatch(/^\{.*"done_reason":"load"\}\n$/);
    await expect(ollama.chat({ model: 'nope', messages: [] })).rejects.toMatchObject({ status_code: 404 });
    expect(gateway.chatRequests).toEqual([]);
  });

  it('rejects bad requests with 400 JSON errors, and accepts bodies without a JSON content type', async () => {
    const post = (path: string, body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
      fetch(`${base}${path}`, { method: 'POST', body, headers });
    const noModel = await post('/api/chat', '{"messages":[]}');
    expect([noModel.status, await noModel.json()]).toEqual([400, { error: 'model is required' }]);
    const badThink = await post('/api/chat', '{"model":"openai/gpt-4o","messages":[{"role":"user","content":"x"}],"think":"extreme"}');
    expect([badThink.status, await badThink.json()]).toEqual([400, { error: 'invalid think value' }]);
    const badType = await post('/api/chat', '{"model":"openai/gpt-4o","messages":[{"role":"user","content":1}]}');
    expect(badType.status).toBe(400);
    expect(((await badType.json()) as { error: string }).error).toContain('messages[0].content');
    const malformed = await post('/api/chat', '{"model":');
    expect(malformed.status).toBe(400);
    const fim = await post('/api/generate', '{"model":"openai/gpt-4o","prompt":"def f(","suffix":"return 1","stream":false}');
    expect([fim.status, await fim.json()]).toEqual([400, { error: "fill-in-the-middle (suffix) is not supported for model 'openai/gpt-4o'" }]);
    const form = await post('/api/show', '{"model":"openai/gpt-4o"}', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(form.status).toBe(200);
  });

  it('reports known models as pulled and refuses model management with 501', async () => {
    expect(await ollama.pull({ model: 'openai/gpt-4o' })).toEqual({ status: 'success' });
    const progress = await ollama.pull({ model: 'openai/gpt-4o:latest', stream: true });
    const statuses = [];
    for await (const part of progress) statuses.push(part.status);
    expect(statuses).toEqual(['success']);
    await expect(ollama.pull({ model: 'nope' })).rejects.toMatchObject({ status_code: 404 });

    await expect(ollama.delete({ model: 'openai/gpt-4o' })).rejects.toMatchObject({ status_code: 501, message: 'deleting models is not supported by Switchboard (a proxy)' });
    await expect(ollama.copy({ source: 'a', destination: 'b' })).rejects.toMatchObject({ status_code: 501 });
    const create = await fetch(`${base}/api/create`, { method: 'POST', body: 'not json' });
    expect([create.status, await create.json()]).toEqual([501, { error: 'creating models is not supported by Switchboard (a proxy)' }]);
    const blob = await fetch(`${base}/api/blobs/sha256:abc`, { method: 'POST', body: new Uint8Array([1, 2, 3]), headers: { 'content-type': 'application/octet-stream' } });
    expect(blob.status).toBe(501);
    expect((await fetch(`${base}/api/blobs/sha256:abc`, { method: 'HEAD' })).status).toBe(501);
  });
});
