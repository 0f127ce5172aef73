// Discovery against the fake Ollama server: /api/tags, then /api/show per model, bounded and in the background.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { ModelSpec } from '../../core/model-info.js';
import type { ModelDiscovery } from '../../routing/model-discovery.js';
import { DEFAULT_FAKE_OLLAMA_MODELS, startFakeOllama, type FakeOllama, type FakeOllamaOptions } from '../../../test/fakes/fake-ollama.js';
import { createUpstreamHttp } from '../http/upstream-http.js';
import type { ProviderOptions } from '../provider-options.js';
import { discoverOllamaModels, OllamaModelDiscovery } from './index.js';

const http = createUpstreamHttp({ connectMs: 5_000, firstByteMs: 10_000, idleMs: 10_000 });
const fakes: FakeOllama[] = [];
const discoveries: OllamaModelDiscovery[] = [];

afterEach(async () => {
  for (const discovery of discoveries.splice(0)) discovery.stop();
  await Promise.all(fakes.splice(0).map((fake) => fake.close()));
});
afterAll(async () => {
  await http.dispatcher.close();
});

async function setup(fakeOptions: FakeOllamaOptions = {}, apiKey?: string) {
  const fake = await startFakeOllama(fakeOptions);
  fakes.push(fake);
  const options: ProviderOptions = { id: 'gpu-box', baseUrl: fake.url, apiKey, http };
  return { fake, options };
}

/** Resolves with the next list onModels receives, or rejects with the next error. */
function nextModels(discovery: OllamaModelDiscovery): Promise<ModelSpec[]> {
  return new Promise((resolve, reject) => discovery.start(resolve, reject));
}

const showCount = (fake: FakeOllama) => fake.requests.filter((request) => request.path === '/api/show').length;

describe('discoverOllamaModels', () => {
  it('lists every model with its real details, context length and capabilities', async () => {
    const { fake, options } = await setup({}, undefined);
    const specs = await discoverOllamaModels(options);
    expect(specs.map((spec) => spec.id)).toEqual(DEFAULT_FAKE_OLLAMA_MODELS.map((model) => model.name));
    expect(specs[0]).toEqual({
      provider: 'gpu-box',
      id: 'llama3.2:latest',
      displayName: 'llama3.2:latest',
      family: 'llama',
      kind: 'chat',
      contextLength: 131072,
      embeddingLength: 3072,
      capabilities: ['completion', 'tools'],
      parameterSize: '3.2B',
      quantization: 'Q4_K_M',
    });
    expect(specs.find((spec) => spec.id === 'nomic-embed-text:latest')).toMatchObject({ kind: 'embedding', embeddingLength: 768, contextLength: 2048 });
    expect(specs.find((spec) => spec.id === 'gpt-oss:20b')).toMatchObject({ reasoningEfforts: ['low', 'medium', 'high'] });
    // Shows run concurrently, so they may arrive in any order.
    const shown = fake.requests.filter((request) => request.path === '/api/show').map((request) => request.body as { model: string });
    expect(shown.map((body) => body.model).sort()).toEqual(DEFAULT_FAKE_OLLAMA_MODELS.map((model) => model.name).sort());
  });

  it('sends the bearer key to /api/tags and /api/show', async () => {
    const { fake, options } = await setup({ apiKey: 'k' }, 'k');
    expect(await discoverOllamaModels(options)).toHaveLength(DEFAULT_FAKE_OLLAMA_MODELS.length);
    expect(fake.requests.every((request) => request.headers.authorization === 'Bearer k')).toBe(true);
  });

  it('keeps a model whose /api/show fails, marked passthrough', async () => {
    const { fake, options } = await setup({ models: DEFAULT_FAKE_OLLAMA_MODELS.slice(0, 2) });
    fake.fail({ kind: 'status', status: 500, route: 'show' });
    const specs = await discoverOllamaModels(options, { concurrency: 1 });
    expect(specs[0]).toMatchObject({ id: 'llama3.2:latest', passthrough: true, contextLength: 8192, parameterSize: '3.2B' });
    expect(specs[1]).toMatchObject({ id: 'qwen3:8b', contextLength: 40960, capabilities: ['completion', 'tools', 'thinking'] });
    expect(specs[1]?.passthrough).toBeUndefined();
  });

  it('gives up on a silent server after the timeout, and reports an unreachable one', async () => {
    const { fake, options } = await setup();
    fake.fail({ kind: 'stall', headers: false, route: 'tags' });
    await expect(discoverOllamaModels(options, { timeoutMs: 150 })).rejects.toMatchObject({
      code: 'upstream_timeout',
      message: 'gpu-box did not answer GET /api/tags within 150 ms',
    });
    await fake.close();
    await expect(discoverOllamaModels(options)).rejects.toMatchObject({ code: 'upstream_unreachable' });
  });

  it('bounds each /api/show call too', async () => {
    const { fake, options } = await setup({ models: DEFAULT_FAKE_OLLAMA_MODELS.slice(0, 1) });
    fake.fail({ kind: 'stall', route: 'show' });
    const specs = await discoverOllamaModels(options, { timeoutMs: 150 });
    expect(specs).toMatchObject([{ id: 'llama3.2:latest', passthrough: true }]);
  });
});

describe('OllamaModelDiscovery', () => {
  it('hands the models over at start, refreshes on demand, and only re-shows models whose digest changed', async () => {
    const { fake, options } = await setup({ models: DEFAULT_FAKE_OLLAMA_MODELS.slice(0, 2) });
    const discovery = new OllamaModelDiscovery(options, { intervalMs: 3_600_000 });
    discoveries.push(discovery);
    const lists: ModelSpec[][] = [];
    const first = await nextModels(discovery);
    expect(first.map((spec) => spec.id)).toEqual(['llama3.2:latest', 'qwen3:8b']);
    expect(discovery.status()).toEqual({ reachable: true, lastRefreshAt: expect.any(Number), modelCount: 2 });
    expect(showCount(fake)).toBe(2);

    discovery.start((specs) => lists.push(specs), () => {});
    await discovery.refresh();
    expect(showCount(fake)).toBe(2);

    fake.setModels([{ ...DEFAULT_FAKE_OLLAMA_MODELS[0]!, digest: 'f'.repeat(64), contextLength: 8000 }, DEFAULT_FAKE_OLLAMA_MODELS[5]!]);
    await discovery.refresh();
    expect(lists.at(-1)?.map((spec) => [spec.id, spec.contextLength])).toEqual([['llama3.2:latest', 8000], ['nomic-embed-text:latest', 2048]]);
    expect(showCount(fake)).toBe(4);
    expect(discovery.status().modelCount).toBe(2);
  });

  it('restarting while a refresh is in flight still delivers the models to the new callbacks', async () => {
    const { options } = await setup();
    const discovery = new OllamaModelDiscovery(options, { intervalMs: 3_600_000 });
    discoveries.push(discovery);
    const stale: ModelSpec[][] = [];
    discovery.start((specs) => stale.push(specs), () => {});
    const specs = await nextModels(discovery);
    expect(specs).toHaveLength(DEFAULT_FAKE_OLLAMA_MODELS.length);
    expect(stale).toEqual([]);
  });

  it('shares one run between overlapping refreshes', async () => {
    const { fake, options } = await setup();
    // It fits the routing layer's discovery port as it is.
    const discovery: ModelDiscovery = new OllamaModelDiscovery(options);
    discoveries.push(discovery as OllamaModelDiscovery);
    await Promise.all([discovery.refresh(), discovery.refresh(), discovery.refresh()]);
    expect(fake.requests.filter((request) => request.path === '/api/tags')).toHaveLength(1);
  });

  it('refreshes on its interval with an unref’d timer', async () => {
    const { fake, options } = await setup();
    const discovery = new OllamaModelDiscovery(options, { intervalMs: 25 });
    discoveries.push(discovery);
    let calls = 0;
    await new Promise<void>((resolve) => {
      discovery.start(() => {
        calls++;
        if (calls === 3) resolve();
      }, () => {});
    });
    expect(fake.requests.filter((request) => request.path === '/api/tags').length).toBeGreaterThanOrEqual(3);
    const timer = (discovery as unknown as { timer: NodeJS.Timeout }).timer;
    expect(timer.hasRef()).toBe(false);
  });

  it('reports a server that goes down through onError and status, and recovers', async () => {
    const { fake, options } = await setup();
    const discovery = new OllamaModelDiscovery(options, { intervalMs: 3_600_000, timeoutMs: 2_000 });
    discoveries.push(discovery);
    const errors: unknown[] = [];
    await nextModels(discovery);
    discovery.start(() => {}, (error) => errors.push(error));
    await discovery.refresh();
    fake.fail({ kind: 'status', status: 500, route: 'tags', error: 'disk on fire' });
    await discovery.refresh();
    expect(errors.at(-1)).toMatchObject({ code: 'upstream_error' });
    expect(discovery.status()).toEqual({
      reachable: false,
      lastError: expect.stringContaining('disk on fire'),
      lastRefreshAt: expect.any(Number),
      modelCount: DEFAULT_FAKE_OLLAMA_MODELS.length,
    });
    await discovery.refresh();
    expect(discovery.status()).toMatchObject({ reachable: true });
    expect(discovery.status().lastError).toBeUndefined();
  });

  it('stops: the timer is cleared, a refresh in flight is cancelled and its callbacks stay silent', async () => {
    const { fake, options } = await setup();
    const discovery = new OllamaModelDiscovery(options, { intervalMs: 3_600_000 });
    discoveries.push(discovery);
    fake.fail({ kind: 'stall', headers: false, route: 'tags' });
    const seen: string[] = [];
    const request = fake.waitForRequest();
    discovery.start(() => seen.push('models'), () => seen.push('error'));
    await request;
    discovery.stop();
    await fake.clientAborted();
    await discovery.refresh();
    expect(seen).toEqual([]);
    expect((discovery as unknown as { timer: unknown }).timer).toBeUndefined();
    expect(discovery.status()).toEqual({ reachable: false, modelCount: 0 });
  });
});
