// Ollama upstream failures end to end: upstream 404 / 500 / 503, a stream cut mid-way and a client that leaves, as
// each surface shows them; and instances that are down or hung, which must not hold anything else up.
import Anthropic from '@anthropic-ai/sdk';
import { Ollama } from 'ollama';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOllama, type FakeOllama } from '../fakes/fake-ollama.js';
import { startFakeUpstream, type FakeUpstream } from '../fakes/fake-openai-compatible.js';
import { startProxy, type TestProxy } from './start-proxy.js';
import { clientConnections } from './usage-harness.js';
import { closedPort, lastRequest, startOllamaUpstream, waitForListed, writeConfigFile, type OllamaUpstream } from './upstream-ollama-harness.js';

let upstream: OllamaUpstream;
let ollama: Ollama;
let openai: OpenAI;
let anthropic: Anthropic;

beforeAll(async () => {
  upstream = await startOllamaUpstream();
  ollama = new Ollama({ host: upstream.proxy.url });
  openai = new OpenAI({ baseURL: `${upstream.proxy.url}/v1`, apiKey: 'e2e', maxRetries: 0 });
  anthropic = new Anthropic({ baseURL: upstream.proxy.url, apiKey: 'e2e', maxRetries: 0 });
});

afterAll(async () => {
  await upstream?.close();
});

/** One non-stream chat on each surface with raw fetch, so each dialect's exact error body shows. */
async function chatOnEachSurface(model: string): Promise<{ ollama: [number, unknown]; openai: [number, unknown]; anthropic: [number, unknown] }> {
  const post = async (path: string, body: unknown): Promise<[number, unknown]> => {
    const response = await fetch(`${upstream.proxy.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return [response.status, await response.json()];
  };
  const messages = [{ role: 'user', content: 'Hi' }];
  return {
    ollama: await post('/api/chat', { model, messages, stream: false }),
    openai: await post('/v1/chat/completions', { model, messages }),
    anthropic: await post('/v1/messages', { model, max_tokens: 16, messages }),
  };
}

describe('Ollama upstream errors in each surface', () => {
  it('turns the upstream 404 for a model it has not pulled into each surface 404', async () => {
    const result = await chatOnEachSurface('ollama/phi4:14b');
    expect(result.ollama).toEqual([404, { error: expect.stringContaining("model 'phi4:14b' not found") }]);
    expect(result.openai).toEqual([404, { error: expect.objectContaining({ message: expect.stringContaining("model 'phi4:14b' not found"), type: 'invalid_request_error' }) }]);
    expect(result.anthropic).toEqual([404, { type: 'error', error: { type: 'not_found_error', message: expect.stringContaining("model 'phi4:14b' not found") }, request_id: expect.any(String) }]);
    await expect(ollama.chat({ model: 'ollama/phi4:14b', messages: [{ role: 'user', content: 'Hi' }] })).rejects.toMatchObject({ status_code: 404 });
    await expect(openai.chat.completions.create({ model: 'ollama/phi4:14b', messages: [{ role: 'user', content: 'Hi' }] })).rejects.toBeInstanceOf(OpenAI.NotFoundError);
  });

  it('turns an upstream 500 into a 502 and a 503 into "overloaded" (Anthropic surface: its own 529), naming the provider', async () => {
    for (let i = 0; i < 3; i++) upstream.fake.fail({ kind: 'status', status: 500, error: 'llama runner process has terminated: signal: killed' });
    const failed = await chatOnEachSurface('llama3.2');
    expect(failed.ollama).toEqual([502, { error: expect.stringMatching(/ollama failed \(HTTP 500\): llama runner process has terminated/) }]);
    expect(failed.openai[0]).toBe(502);
    expect(failed.openai[1]).toMatchObject({ error: { message: expect.stringContaining('HTTP 500'), type: expect.any(String) } });
    expect(failed.anthropic[0]).toBe(502);
    expect(failed.anthropic[1]).toMatchObject({ type: 'error', error: { type: 'api_error', message: expect.stringContaining('HTTP 500') } });

    for (let i = 0; i < 3; i++) upstream.fake.fail({ kind: 'status', status: 503 });
    const busy = await chatOnEachSurface('llama3.2');
    expect([busy.ollama[0], busy.openai[0], busy.anthropic[0]]).toEqual([503, 503, 529]);
    expect(busy.anthropic[1]).toMatchObject({ error: { type: 'overloaded_error' } });
  });

  it('ends a stream cut mid-way with an in-band error each client raises, after the text it already had', async () => {
    upstream.fake.fail({ kind: 'drop-mid-stream', afterChunks: 2 });
    upstream.fake.reply({ content: 'one two three four five six seven eight' });
    let ollamaText = '';
    const ollamaRead = (async () => {
      for await (const part of await ollama.chat({ model: 'llama3.2', messages: [{ role: 'user', content: 'Count' }], stream: true })) ollamaText += part.message.content;
    })();
    await expect(ollamaRead).rejects.toThrow(/ollama connection failed mid-response/);
    expect(ollamaText.length).toBeGreaterThan(0);

    upstream.fake.fail({ kind: 'drop-mid-stream', afterChunks: 2 });
    upstream.fake.reply({ content: 'one two three four five six seven eight' });
    let openaiText = '';
    const openaiRead = (async () => {
      const stream = await openai.chat.completions.create({ model: 'llama3.2', messages: [{ role: 'user', content: 'Count' }], stream: true });
      for await (const chunk of stream) openaiText += chunk.choices[0]?.delta?.content ?? '';
    })();
    await expect(openaiRead).rejects.toThrow(/ollama connection failed mid-response/);
    await expect(openaiRead).rejects.toBeInstanceOf(OpenAI.APIError);
    expect(openaiText.length).toBeGreaterThan(0);

    upstream.fake.fail({ kind: 'drop-mid-stream', afterChunks: 2 });
    upstream.fake.reply({ content: 'one two three four five six seven eight' });
    let anthropicText = '';
    const anthropicRead = (async () => {
      const stream = anthropic.messages.stream({ model: 'llama3.2', max_tokens: 64, messages: [{ role: 'user', content: 'Count' }] });
      stream.on('text', (text) => (anthropicText += text));
      await stream.finalMessage();
    })();
    await expect(anthropicRead).rejects.toThrow(/ollama connection failed mid-response/);
    await expect(anthropicRead).rejects.toBeInstanceOf(Anthropic.APIError);
    expect(anthropicText.length).toBeGreaterThan(0);
  });

  it('passes an in-band Ollama error line on as an error the client raises', async () => {
    upstream.fake.fail({ kind: 'error-line', afterChunks: 1, message: 'an error was encountered while running the model: CUDA error' });
    const read = (async () => {
      for await (const part of await ollama.chat({ model: 'llama3.2', messages: [{ role: 'user', content: 'Hi' }], stream: true })) void part;
    })();
    await expect(read).rejects.toThrow(/CUDA error/);
  });

  it('a non-stream answer cut in half is a 502 on each surface', async () => {
    for (let i = 0; i < 3; i++) upstream.fake.fail({ kind: 'drop-mid-stream', afterChunks: 0 });
    const result = await chatOnEachSurface('llama3.2');
    expect([result.ollama[0], result.openai[0], result.anthropic[0]]).toEqual([502, 502, 502]);
  });

  it('closes the upstream connection when the client abandons a stream, on every surface', async () => {
    const connections = clientConnections();
    try {
      upstream.fake.fail({ kind: 'stall', afterChunks: 1 });
      const ollamaStream = await new Ollama({ host: upstream.proxy.url, fetch: connections.fetch }).chat({
        model: 'llama3.2', messages: [{ role: 'user', content: 'Hi' }], stream: true,
      });
      await ollamaStream[Symbol.asyncIterator]().next();
      ollamaStream.abort();
      await upstream.fake.clientAborted();

      upstream.fake.fail({ kind: 'stall', afterChunks: 1 });
      const openaiClient = new OpenAI({ baseURL: `${upstream.proxy.url}/v1`, apiKey: 'e2e', maxRetries: 0, fetch: connections.fetch });
      const openaiStream = await openaiClient.chat.completions.create({ model: 'llama3.2', messages: [{ role: 'user', content: 'Hi' }], stream: true });
      await openaiStream[Symbol.asyncIterator]().next();
      openaiStream.controller.abort();
      await upstream.fake.clientAborted();

      upstream.fake.fail({ kind: 'stall', afterChunks: 1 });
      const anthropicClient = new Anthropic({ baseURL: upstream.proxy.url, apiKey: 'e2e', maxRetries: 0, fetch: connections.fetch });
      const anthropicStream = anthropicClient.messages.stream({ model: 'llama3.2', max_tokens: 64, messages: [{ role: 'user', content: 'Hi' }] });
      const ended = anthropicStream.done().catch((error: unknown) => error);
      await new Promise<void>((resolve) => anthropicStream.once('streamEvent', () => resolve()));
      anthropicStream.abort();
      await upstream.fake.clientAborted();
      expect(await ended).toBeInstanceOf(Anthropic.APIUserAbortError);
    } finally {
      await connections.close();
    }
  });

  it('closes the upstream connection when the client abandons a non-stream request', async () => {
    const connections = clientConnections();
    try {
      upstream.fake.fail({ kind: 'stall', headers: false });
      const controller = new AbortController();
      const upstreamGotIt = upstream.fake.waitForRequest();
      const request = connections.fetch(`${upstream.proxy.url}/api/chat`, {
        method: 'POST', body: JSON.stringify({ model: 'llama3.2', messages: [{ role: 'user', content: 'Hi' }], stream: false }), signal: controller.signal,
      });
      await upstreamGotIt;
      controller.abort();
      await expect(request).rejects.toThrow();
      await upstream.fake.clientAborted();
      expect(lastRequest(upstream.fake).body.stream).toBe(false);
    } finally {
      await connections.close();
    }
  });
});

describe('an Ollama instance that is down or hung', () => {
  const CONNECT_TIMEOUT_MS = 10_000;
  let healthy: FakeOllama;
  let gone: FakeOllama;
  let hung: FakeOllama;
  let openaiFake: FakeUpstream;
  let config: ReturnType<typeof writeConfigFile>;
  let proxy: TestProxy;
  let client: OpenAI;

  beforeAll(async () => {
    [healthy, gone, hung, openaiFake] = await Promise.all([
      startFakeOllama(),
      startFakeOllama({ models: [{ name: 'mistral:latest', architecture: 'llama', parameterSize: '7.2B', quantization: 'Q4_0', capabilities: ['completion'] }] }),
      startFakeOllama(),
      startFakeUpstream('openai'),
    ]);
    // The hung instance accepts connections but never answers /api/tags: discovery must not hold up start or requests.
    hung.fail({ route: 'tags', kind: 'stall', headers: false });
    const deadPort = await closedPort();
    config = writeConfigFile(
      [
        'providers:',
        '  - { id: ollama-dead, type: ollama, baseUrl: "http://127.0.0.1:' + deadPort + '" }',
        `  - { id: ollama-gone, type: ollama, baseUrl: "${gone.url}" }`,
        `  - { id: ollama-hung, type: ollama, baseUrl: "${hung.url}" }`,
        '',
      ].join('\n'),
    );
    proxy = await startProxy({
      OLLAMA_BASE_URL: healthy.url,
      OPENAI_API_KEY: 'test-key',
      OPENAI_BASE_URL: openaiFake.url,
      CONFIG_FILE: config.path,
      UPSTREAM_CONNECT_TIMEOUT_MS: String(CONNECT_TIMEOUT_MS),
    });
    await waitForListed(proxy, ['llama3.2:latest', 'mistral:latest']);
    // ollama-gone's models are known; now it goes away.
    await gone.close();
    client = new OpenAI({ baseURL: `${proxy.url}/v1`, apiKey: 'e2e', maxRetries: 0 });
  });

  afterAll(async () => {
    await proxy?.close();
    await Promise.all([healthy, gone, hung, openaiFake].map((fake) => fake?.close()));
    config?.remove();
  });

  /** Status, body and how long it took. */
  async function timedChat(path: '/api/chat' | '/v1/chat/completions', model: string): Promise<{ status: number; body: string; ms: number }> {
    const started = performance.now();
    const response = await fetch(`${proxy.url}${path}`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model, messages: [{ role: 'user', content: 'Hi' }], stream: false }),
    });
    return { status: response.status, body: await response.text(), ms: performance.now() - started };
  }

  it('started without waiting for the hung instance, whose discovery is still pending', () => {
    expect(hung.requests.map((r) => r.path)).toEqual(['/api/tags']);
  });

  it('answers a model of a stopped instance with a 502 naming it, well before the connect timeout', async () => {
    const [ollamaSurface, openaiSurface] = await Promise.all([timedChat('/api/chat', 'mistral'), timedChat('/v1/chat/completions', 'ollama-gone/mistral')]);
    for (const result of [ollamaSurface, openaiSurface]) {
      expect(result.status).toBe(502);
      expect(result.body).toContain('cannot reach ollama-gone');
      expect(result.ms).toBeLessThan(CONNECT_TIMEOUT_MS / 2);
    }
  });

  it('answers a model at an instance that was never reachable with a 502, fast', async () => {
    const result = await timedChat('/api/chat', 'ollama-dead/llama3.2');
    expect(result.status).toBe(502);
    expect(result.body).toContain('cannot reach ollama-dead');
    expect(result.ms).toBeLessThan(CONNECT_TIMEOUT_MS / 2);
  });

  it('serves the healthy instance and other providers while the down ones fail, concurrently', async () => {
    openaiFake.reply({ content: 'from openai' });
    healthy.reply({ content: 'from ollama' });
    const [dead, goneResult, local, cloud] = await Promise.all([
      timedChat('/api/chat', 'ollama-dead/llama3.2'),
      timedChat('/api/chat', 'ollama-gone/mistral'),
      client.chat.completions.create({ model: 'llama3.2', messages: [{ role: 'user', content: 'Hi' }] }),
      client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] }),
    ]);
    expect([dead.status, goneResult.status]).toEqual([502, 502]);
    expect(local.choices[0]!.message.content).toBe('from ollama');
    expect(cloud.choices[0]!.message.content).toBe('from openai');
    expect(hung.requests.filter((r) => r.path === '/api/chat')).toEqual([]);
  });
});
