// The YAML config file end to end: custom openai-compatible and anthropic-compatible providers (keys from an env var
// or a file, extra headers, static models with prices and capabilities, or discovery), a built-in override, and a
// bad file stopping start-up with a message that says where and what.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelView, ProviderView } from '../../src/admin/admin-api-types.js';
import { startServer } from '../../src/server/start-server.js';
import { startFakeAnthropic, type FakeAnthropic } from '../fakes/fake-anthropic.js';
import { startFakeUpstream, type FakeUpstream } from '../fakes/fake-openai-compatible.js';
import { startProxy, type TestProxy } from './start-proxy.js';
import { closedPort, writeConfigFile } from './upstream-ollama-harness.js';
import { AdminClient } from './usage-harness.js';

const VLLM_KEY = 'vllm-key-from-env';
const FILE_KEY = 'key-read-from-a-file';
const CLAUDE_KEY = 'claude-gateway-key';
const OPENAI_KEY = 'openai-builtin-key';
const ADMIN_PASSWORD = 'config-file-e2e-password';
const FINE_TUNE = 'ft:gpt-4o-mini:acme:support:abc123';

let vllm: FakeUpstream;
let listed: FakeUpstream;
let claude: FakeAnthropic;
let openaiFake: FakeUpstream;
let keyDir: string;
let config: ReturnType<typeof writeConfigFile>;
let proxy: TestProxy;
let admin: AdminClient;
let client: OpenAI;

beforeAll(async () => {
  [vllm, listed, claude, openaiFake] = await Promise.all([
    startFakeUpstream('openai', { apiKey: VLLM_KEY }),
    startFakeUpstream('openai', { apiKey: FILE_KEY }),
    startFakeAnthropic({ apiKey: CLAUDE_KEY }),
    startFakeUpstream('openai', { apiKey: OPENAI_KEY }),
  ]);
  keyDir = mkdtempSync(join(tmpdir(), 'switchboard-keys-'));
  writeFileSync(join(keyDir, 'listed_key'), `${FILE_KEY}\n`);
  config = writeConfigFile(`
providers:
  - id: my-vllm
    type: openai-compatible
    name: vLLM on the GPU box
    baseUrl: ${vllm.url}
    apiKeyEnv: VLLM_API_KEY
    headers:
      X-Team: research
    models:
      - id: Qwen/Qwen3-32B
        name: Qwen3 32B
        contextLength: 32768
        maxOutputTokens: 8192
        capabilities: [tools, thinking]
        price: { input: 0.10, output: 0.30 }
        aliases: [qwen3-big]
  - id: listed
    type: openai-compatible
    baseUrl: ${listed.url}
    apiKeyFile: ${join(keyDir, 'listed_key')}
  - id: my-claude-gateway
    type: anthropic-compatible
    baseUrl: ${claude.url}
    apiKeyEnv: CLAUDE_GATEWAY_KEY
    headers: { X-Gateway-Route: claude-eu }
    models:
      - id: claude-sonnet-4-6
        contextLength: 200000
        maxOutputTokens: 64000
        capabilities: [tools, vision, thinking]
        price: { input: 3, output: 15, cachedInput: 0.3, cacheWrite: 3.75 }
        aliases: [gateway-sonnet]
  - id: keyless-by-mistake
    type: openai-compatible
    baseUrl: http://127.0.0.1:9/v1
    apiKeyEnv: NOT_SET_ANYWHERE
    models: [{ id: lonely-model }]
builtins:
  openai:
    baseUrl: ${openaiFake.url}
    headers: { OpenAI-Organization: org-e2e }
    models:
      - id: ${FINE_TUNE}
        name: Support bot (fine-tune)
        contextLength: 128000
        capabilities: [tools, vision]
        price: { input: 0.30, output: 1.20 }
    aliases:
      support: ${FINE_TUNE}
`);
  proxy = await startProxy({
    CONFIG_FILE: config.path,
    VLLM_API_KEY: VLLM_KEY,
    CLAUDE_GATEWAY_KEY: CLAUDE_KEY,
    OPENAI_API_KEY: OPENAI_KEY,
    // The config file's builtins.openai.baseUrl wins over this (nothing listens there).
    OPENAI_BASE_URL: `http://127.0.0.1:${await closedPort()}/v1`,
    ADMIN_ENABLED: 'true',
    ADMIN_PASSWORD,
  });
  admin = await AdminClient.login(proxy.adminUrl, ADMIN_PASSWORD);
  // Discovery runs in the background; the admin refresh awaits a run of it.
  await admin.send<ProviderView>('POST', '/api/providers/listed/refresh');
  client = new OpenAI({ baseURL: `${proxy.url}/v1`, apiKey: 'e2e', maxRetries: 0 });
});

afterAll(async () => {
  await proxy?.close();
  await Promise.all([vllm, listed, claude, openaiFake].map((fake) => fake?.close()));
  config?.remove();
  if (keyDir) rmSync(keyDir, { recursive: true, force: true });
});

async function chat(model: string): Promise<string | null> {
  const completion = await client.chat.completions.create({ model, messages: [{ role: 'user', content: 'Hi' }] });
  return completion.choices[0]!.message.content;
}

describe('config file providers', () => {
  it('serves an openai-compatible provider with its env key, extra headers and static model under id, prefix and alias', async () => {
    for (const [i, name] of ['Qwen/Qwen3-32B', 'my-vllm/Qwen/Qwen3-32B', 'qwen3-big'].entries()) {
      vllm.reply({ content: `vllm ${i}` });
      expect(await chat(name)).toBe(`vllm ${i}`);
      const request = vllm.requests.at(-1)!;
      expect(request.body.model).toBe('Qwen/Qwen3-32B');
      expect(request.headers).toMatchObject({ authorization: `Bearer ${VLLM_KEY}`, 'x-team': 'research' });
    }
  });

  it('lists static models with their capabilities and context length, and keeps their prices', async () => {
    const show = await (await fetch(`${proxy.url}/api/show`, { method: 'POST', body: JSON.stringify({ model: 'qwen3-big' }) })).json();
    expect(show).toMatchObject({ capabilities: ['completion', 'tools', 'thinking'], parameters: expect.stringMatching(/num_ctx\s+32768/) });
    const models = await admin.get<ModelView[]>('/api/models');
    const qwen = models.find((model) => model.provider === 'my-vllm' && model.id === 'Qwen/Qwen3-32B');
    // An id with a slash is listed with its provider prefix, so it never reads as `<provider>/<model>`.
    expect(qwen).toMatchObject({
      name: 'my-vllm/Qwen/Qwen3-32B', source: 'system', aliases: ['qwen3-big'],
      values: { displayName: 'Qwen3 32B', contextLength: 32768, capabilities: ['completion', 'tools', 'thinking'], price: { input: 0.1, output: 0.3 } },
    });
    const sonnet = models.find((model) => model.provider === 'my-claude-gateway');
    expect(sonnet?.values.price).toEqual({ input: 3, output: 15, cachedInput: 0.3, cacheWrite: 3.75 });
    expect(sonnet?.values.capabilities).toEqual(['completion', 'tools', 'vision', 'thinking']);
  });

  it('discovers the models of a provider without a static list, with the key read from a file', async () => {
    const ids: string[] = [];
    for await (const model of client.models.list()) ids.push(model.id);
    // gpt-4o is also a built-in OpenAI model here, so the discovered copy is listed with its prefix.
    expect(ids).toEqual(expect.arrayContaining(['listed/gpt-4o', 'listed/gpt-4o-mini', 'listed/gpt-5']));
    expect(listed.requests.find((request) => request.path === '/v1/models')?.headers.authorization).toBe(`Bearer ${FILE_KEY}`);
    const models = await admin.get<ModelView[]>('/api/models');
    expect(models.find((model) => model.provider === 'listed' && model.id === 'gpt-4o-mini')).toMatchObject({ source: 'discovered' });

    listed.reply({ content: 'from the listed provider' });
    expect(await chat('listed/gpt-4o-mini')).toBe('from the listed provider');
    expect(listed.requests.at(-1)).toMatchObject({ path: '/v1/chat/completions', body: { model: 'gpt-4o-mini' }, headers: { authorization: `Bearer ${FILE_KEY}` } });
  });

  it('serves an anthropic-compatible provider through the OpenAI surface, with its key and headers', async () => {
    claude.reply({ content: 'from the gateway' });
    expect(await chat('gateway-sonnet')).toBe('from the gateway');
    const request = claude.requests.at(-1)!;
    expect(request.path).toBe('/v1/messages');
    // No client max_tokens: the model's declared maximum is sent.
    expect(request.body).toMatchObject({ model: 'claude-sonnet-4-6', max_tokens: 64000 });
    expect(request.headers).toMatchObject({ 'x-api-key': CLAUDE_KEY, 'x-gateway-route': 'claude-eu' });
    claude.reply({ content: 'prefixed' });
    expect(await chat('my-claude-gateway/claude-sonnet-4-6')).toBe('prefixed');
  });

  it('applies a built-in override: base URL (over OPENAI_BASE_URL), headers, an extra model and an alias', async () => {
    openaiFake.reply({ content: 'support bot' });
    expect(await chat('support')).toBe('support bot');
    expect(openaiFake.requests.at(-1)).toMatchObject({
      body: { model: FINE_TUNE },
      headers: { authorization: `Bearer ${OPENAI_KEY}`, 'openai-organization': 'org-e2e' },
    });
    openaiFake.reply({ content: 'catalog model' });
    // A bare name at a built-in and a config-file provider goes to the built-in one.
    expect(await chat('gpt-4o-mini')).toBe('catalog model');
    expect(openaiFake.requests.at(-1)!.body.model).toBe('gpt-4o-mini');
  });

  it('answers 404 naming the missing variable for a provider whose key env var is not set', async () => {
    const error = await client.chat.completions.create({ model: 'lonely-model', messages: [{ role: 'user', content: 'Hi' }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect((error as Error).message).toContain('set NOT_SET_ANYWHERE');
  });
});

describe('an invalid config file', () => {
  it('stops start-up with a message naming the file, the path inside it and the problem', async () => {
    const bad = writeConfigFile('providers:\n  - id: my-vllm\n    type: openai-compatible\n    baseUrl: gpu-box:8000\n');
    const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-e2e-'));
    try {
      await expect(startServer({ HOST: '127.0.0.1', PORT: '0', ADMIN_ENABLED: 'false', LOG_LEVEL: 'silent', DATA_DIR: dataDir, CONFIG_FILE: bad.path })).rejects.toThrow(
        `config file ${bad.path}: providers[0].baseUrl: must be an http:// or https:// URL`,
      );
    } finally {
      bad.remove();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
