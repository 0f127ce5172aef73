// Ollama upstream discovery end to end: what /api/tags + /api/show at each instance become in our listings, and
// how names resolve across the built-in instance (OLLAMA_BASE_URL) and two more declared in a config file.
import { Ollama } from 'ollama';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_FAKE_OLLAMA_MODELS, startFakeOllama, type FakeOllama, type FakeOllamaModel } from '../fakes/fake-ollama.js';
import { lastRequest, waitForListed, writeConfigFile } from './upstream-ollama-harness.js';
import { startProxy, type TestProxy } from './start-proxy.js';

const LLAMA = DEFAULT_FAKE_OLLAMA_MODELS.find((model) => model.name === 'llama3.2:latest')!;
const MISTRAL: FakeOllamaModel = {
  name: 'mistral:latest', architecture: 'llama', parameterSize: '7.2B', quantization: 'Q4_0', contextLength: 32768,
  capabilities: ['completion', 'tools'],
};
/** The GPU box has its own copy of llama3.2 (another quantization) and mistral; the CPU box has mistral too. */
const GPU_MODELS: FakeOllamaModel[] = [{ ...LLAMA, quantization: 'Q8_0' }, MISTRAL];
const CPU_MODELS: FakeOllamaModel[] = [{ ...MISTRAL, quantization: 'Q2_K' }];

let local: FakeOllama;
let gpu: FakeOllama;
let cpu: FakeOllama;
let config: ReturnType<typeof writeConfigFile>;
let proxy: TestProxy;
let ollama: Ollama;
let openai: OpenAI;

beforeAll(async () => {
  [local, gpu, cpu] = await Promise.all([startFakeOllama(), startFakeOllama({ models: GPU_MODELS }), startFakeOllama({ models: CPU_MODELS })]);
  config = writeConfigFile(
    [
      'providers:',
      '  - id: ollama-gpu',
      '    type: ollama',
      `    baseUrl: ${gpu.url}`,
      '  - id: ollama-cpu',
      '    type: ollama',
      `    baseUrl: ${cpu.url}`,
      '',
    ].join('\n'),
  );
  proxy = await startProxy({ OLLAMA_BASE_URL: local.url, CONFIG_FILE: config.path });
  await waitForListed(proxy, ['qwen3:8b', 'ollama-gpu/llama3.2:latest', 'ollama-cpu/mistral:latest']);
  ollama = new Ollama({ host: proxy.url });
  openai = new OpenAI({ baseURL: `${proxy.url}/v1`, apiKey: 'e2e' });
});

afterAll(async () => {
  await proxy?.close();
  await Promise.all([local, gpu, cpu].map((fake) => fake?.close()));
  config?.remove();
});

/** Sends a non-stream chat and says which fake got it, with the model id it was sent. */
async function routedTo(model: string): Promise<{ instance: string; upstreamModel: string }> {
  const counts = [local, gpu, cpu].map((fake) => fake.requests.length);
  const response = await ollama.chat({ model, messages: [{ role: 'user', content: 'Hi' }] });
  expect(response.model).toBe(model);
  const index = [local, gpu, cpu].findIndex((fake, i) => fake.requests.length > counts[i]!);
  const fake = [local, gpu, cpu][index]!;
  return { instance: ['ollama', 'ollama-gpu', 'ollama-cpu'][index]!, upstreamModel: lastRequest(fake).body.model };
}

describe('Ollama upstream discovery', () => {
  it('lists discovered models in /api/tags with their real details and /api/show capabilities', async () => {
    const { models } = await ollama.list();
    const byName = new Map(models.map((model) => [model.name, model]));
    // Unique names are bare; llama3.2 is on two instances, so each copy is listed with its provider prefix.
    for (const name of ['qwen3:8b', 'gpt-oss:20b', 'llava:7b', 'qwen2.5-coder:1.5b', 'nomic-embed-text:latest']) expect(byName.has(name)).toBe(true);
    expect(byName.has('llama3.2:latest')).toBe(false);
    expect(byName.get('qwen3:8b')).toMatchObject({
      details: { family: 'qwen3', families: ['qwen3'], parameter_size: '8.2B', quantization_level: 'Q4_K_M' },
      capabilities: ['completion', 'tools', 'thinking'],
    });
    expect(byName.get('llava:7b')).toMatchObject({ details: { family: 'llama', parameter_size: '7B', quantization_level: 'Q4_0' }, capabilities: ['completion', 'vision'] });
    expect(byName.get('nomic-embed-text:latest')).toMatchObject({ details: { family: 'nomic-bert', parameter_size: '137M', quantization_level: 'F16' }, capabilities: ['embedding'] });
    expect(byName.get('ollama/llama3.2:latest')?.details.quantization_level).toBe('Q4_K_M');
    expect(byName.get('ollama-gpu/llama3.2:latest')?.details.quantization_level).toBe('Q8_0');
    // /api/show was asked once per model at each instance (the details above come from it).
    expect(local.requests.filter((r) => r.path === '/api/show').map((r) => r.body.model).sort()).toEqual(DEFAULT_FAKE_OLLAMA_MODELS.map((m) => m.name).sort());
  });

  it('answers ollama.show with the upstream context length, embedding length and capabilities', async () => {
    const show = await ollama.show({ model: 'qwen3:8b' });
    expect(show.capabilities).toEqual(['completion', 'tools', 'thinking']);
    expect(show.details).toMatchObject({ family: 'qwen3', parameter_size: '8.2B', quantization_level: 'Q4_K_M' });
    const info = show.model_info as unknown as Record<string, unknown>;
    expect(info).toMatchObject({ 'general.architecture': 'qwen3', 'qwen3.context_length': 40960, 'qwen3.embedding_length': 4096 });
    expect(show.parameters).toMatch(/^num_ctx\s+40960$/);
    const coder = await ollama.show({ model: 'qwen2.5-coder:1.5b' });
    expect(coder.capabilities).toContain('insert');
    expect(coder.template).toContain('.Suffix');
    const prefixed = await ollama.show({ model: 'ollama-gpu/llama3.2' });
    expect(prefixed.details.quantization_level).toBe('Q8_0');
  });

  it('lists the same models in /v1/models without :latest, owned by their instance', async () => {
    const ids = new Map<string, string>();
    for await (const model of openai.models.list()) ids.set(model.id, model.owned_by);
    expect(Object.fromEntries(ids)).toMatchObject({
      'qwen3:8b': 'ollama',
      'nomic-embed-text': 'ollama',
      'ollama/llama3.2': 'ollama',
      'ollama-gpu/llama3.2': 'ollama-gpu',
      'ollama-gpu/mistral': 'ollama-gpu',
      'ollama-cpu/mistral': 'ollama-cpu',
    });
    expect([...ids.keys()].some((id) => id.endsWith(':latest'))).toBe(false);
    expect(await openai.models.retrieve('qwen3:8b')).toMatchObject({ id: 'qwen3:8b', owned_by: 'ollama' });
  });

  it('resolves names with and without :latest, with the ollama/ prefix, and <instance-id>/<name>', async () => {
    expect(await routedTo('qwen3:8b')).toEqual({ instance: 'ollama', upstreamModel: 'qwen3:8b' });
    expect(await routedTo('ollama/qwen3:8b')).toEqual({ instance: 'ollama', upstreamModel: 'qwen3:8b' });
    expect(await routedTo('ollama/llama3.2')).toEqual({ instance: 'ollama', upstreamModel: 'llama3.2:latest' });
    expect(await routedTo('ollama/llama3.2:latest')).toEqual({ instance: 'ollama', upstreamModel: 'llama3.2:latest' });
    expect(await routedTo('ollama-gpu/llama3.2')).toEqual({ instance: 'ollama-gpu', upstreamModel: 'llama3.2:latest' });
    expect(await routedTo('ollama-gpu/llama3.2:latest')).toEqual({ instance: 'ollama-gpu', upstreamModel: 'llama3.2:latest' });
    expect(await routedTo('ollama-cpu/mistral')).toEqual({ instance: 'ollama-cpu', upstreamModel: 'mistral:latest' });
    // Through the OpenAI surface too, with the listed id.
    await openai.chat.completions.create({ model: 'ollama-gpu/mistral', messages: [{ role: 'user', content: 'Hi' }] });
    expect(lastRequest(gpu).body.model).toBe('mistral:latest');
  });

  it('sends a bare name offered by several instances to the built-in one first, then config-file instances in file order', async () => {
    // llama3.2: built-in `ollama` (providers.json order) beats the config-file `ollama-gpu`.
    expect(await routedTo('llama3.2')).toEqual({ instance: 'ollama', upstreamModel: 'llama3.2:latest' });
    expect(await routedTo('llama3.2:latest')).toEqual({ instance: 'ollama', upstreamModel: 'llama3.2:latest' });
    // mistral: `ollama-gpu` is declared before `ollama-cpu` in the file.
    expect(await routedTo('mistral')).toEqual({ instance: 'ollama-gpu', upstreamModel: 'mistral:latest' });
    expect(await routedTo('mistral:latest')).toEqual({ instance: 'ollama-gpu', upstreamModel: 'mistral:latest' });
  });

  it('answers 404 for a name no instance has, without calling any upstream chat', async () => {
    const before = [local, gpu, cpu].map((fake) => fake.requests.filter((r) => r.path === '/api/chat').length);
    await expect(ollama.chat({ model: 'llava', messages: [{ role: 'user', content: 'Hi' }] })).rejects.toMatchObject({ status_code: 404 });
    await expect(openai.chat.completions.create({ model: 'phi4', messages: [{ role: 'user', content: 'Hi' }] })).rejects.toMatchObject({ status: 404 });
    expect([local, gpu, cpu].map((fake) => fake.requests.filter((r) => r.path === '/api/chat').length)).toEqual(before);
  });
});
