import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import type {
  CustomAliasInput, CustomModelInput, CustomProviderInput, ModelOverrideInput, UsageTotals,
} from '../../src/admin/admin-api-types.js';
import { loadCatalog } from '../../src/catalog/load-catalog.js';
import { openStore } from '../../src/store/open-store.js';
import { startFakeAnthropic, type FakeAnthropic } from '../../test/fakes/fake-anthropic.js';
import { startFakeOllama, type FakeOllama } from '../../test/fakes/fake-ollama.js';
import { startFakeUpstream, type FakeUpstream } from '../../test/fakes/fake-openai-compatible.js';
import { startProxy, type TestProxy } from '../../test/e2e/start-proxy.js';
import { adminClient } from './admin-client.js';
import { buildUsageHistory } from './usage-history.js';

export const DEMO_PASSWORD = 'screenshots-demo-password';
const KEY = 'sk-demo-upstream-key';
const HISTORY_DAYS = 13;

export type DemoServer = { proxy: TestProxy; adminUrl: string; close(): Promise<void> };

/**
 * The real server, every upstream a local fake: OpenAI, Anthropic, Groq, DeepSeek, Mistral, a local Ollama and a
 * custom "Home lab vLLM" provider; two weeks of usage history written to its database first; a custom alias, a
 * custom model and a price override made through the admin API; then live requests through the openai SDK.
 */
export async function startDemoServer(): Promise<DemoServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-screenshots-'));
  const openaiLike: Record<string, FakeUpstream> = {};
  for (const flavor of ['openai', 'groq', 'deepseek', 'mistral'] as const) openaiLike[flavor] = await startFakeUpstream(flavor, { apiKey: KEY });
  const homelab = await startFakeUpstream('groq', { apiKey: KEY });
  const anthropic: FakeAnthropic = await startFakeAnthropic({ apiKey: KEY, allowConsecutiveRoles: true });
  const ollama: FakeOllama = await startFakeOllama();

  const store = await openStore({ dataDir });
  await store.insertUsage(buildUsageHistory(loadCatalog(), Date.now(), HISTORY_DAYS));
  await store.close();

  const env: Record<string, string> = {
    DATA_DIR: dataDir,
    ADMIN_ENABLED: 'true',
    ADMIN_PORT: '0',
    ADMIN_PASSWORD: DEMO_PASSWORD,
    LOG_LEVEL: 'warn',
    ANTHROPIC_API_KEY: KEY,
    ANTHROPIC_BASE_URL: anthropic.url,
    OLLAMA_BASE_URL: ollama.url,
    HOMELAB_API_KEY: KEY,
  };
  for (const [flavor, fake] of Object.entries(openaiLike)) {
    env[`${flavor.toUpperCase()}_API_KEY`] = KEY;
    env[`${flavor.toUpperCase()}_BASE_URL`] = fake.url;
  }
  const proxy = await startProxy(env);
  const adminUrl = proxy.adminUrl;
  if (adminUrl === undefined) throw new Error('the admin app did not start');

  const admin = await adminClient(adminUrl, DEMO_PASSWORD);
  await admin.call('POST', '/api/providers', {
    id: 'homelab', type: 'openai-compatible', displayName: 'Home lab vLLM', baseUrl: homelab.url, apiKeyEnv: 'HOMELAB_API_KEY',
  } satisfies CustomProviderInput);
  await admin.call('PUT', '/api/models/custom', {
    provider: 'homelab', id: 'qwen2.5-coder-32b', displayName: 'Qwen2.5 Coder 32B', contextLength: 32_768,
    capabilities: ['completion', 'tools'], price: { input: 0.05, output: 0.1 },
  } satisfies CustomModelInput);
  await admin.call('PUT', '/api/aliases/custom', { alias: 'fast', provider: 'groq', modelId: 'llama-3.3-70b-versatile' } satisfies CustomAliasInput);
  await admin.call('PUT', '/api/aliases/custom', { alias: 'coder', provider: 'homelab', modelId: 'qwen2.5-coder-32b' } satisfies CustomAliasInput);
  await admin.call('PUT', '/api/models/override', {
    provider: 'openai', modelId: 'gpt-4o-mini', price: { input: 0.12, output: 0.5 },
  } satisfies ModelOverrideInput);

  const allTime = `from=0&to=${Date.now() + 86_400_000}`;
  const before = await admin.call<UsageTotals>('GET', `/api/usage/summary?${allTime}`);
  const sent = await sendLiveTraffic(proxy.url, openaiLike);
  // Records are written in batches shortly after each request: wait for the last ones before anyone looks.
  for (let tries = 0; (await admin.call<UsageTotals>('GET', `/api/usage/summary?${allTime}`)).requests < before.requests + sent; tries++) {
    if (tries > 100) throw new Error('the live requests were not recorded');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }

  return {
    proxy,
    adminUrl,
    async close() {
      await proxy.close();
      await Promise.all([...Object.values(openaiLike), homelab, anthropic, ollama].map((fake) => fake.close()));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A few requests of today through the openai SDK: several tags and models, a stream, an unknown model, a 429. */
async function sendLiveTraffic(url: string, fakes: Record<string, FakeUpstream>): Promise<number> {
  const client = (tag: string) => new OpenAI({ baseURL: `${url}/v1`, apiKey: 'sk-demo-client', maxRetries: 0, defaultHeaders: { 'X-Proxy-Tag': tag } });
  const ask = async (tag: string, model: string, stream = false) => {
    const messages = [{ role: 'user' as const, content: 'Summarise the release notes.' }];
    try {
      if (!stream) return void (await client(tag).chat.completions.create({ model, messages }));
      const events = await client(tag).chat.completions.create({ model, messages, stream: true, stream_options: { include_usage: true } });
      for await (const event of events) void event;
    } catch {
      // Failures are part of the picture (they show as errors in the usage page).
    }
  };
  fakes.openai?.reply({ content: 'Here is a summary.', usage: { prompt_tokens: 1_840, completion_tokens: 312 } });
  await ask('web-app', 'gpt-4o-mini');
  await ask('research', 'claude-sonnet-5-5', true);
  fakes.groq?.reply({ content: 'Done.', usage: { prompt_tokens: 920, completion_tokens: 140 } });
  await ask('ci', 'fast', true);
  await ask('team/data', 'coder');
  fakes.deepseek?.fail({ kind: 'status', status: 429 });
  await ask('batch:nightly', 'deepseek-flash');
  await ask('web-app', 'gpt-5-turbo-preview');
  fakes.mistral?.reply({ content: 'Bonjour.', usage: { prompt_tokens: 410, completion_tokens: 96 } });
  await ask('web-app', 'mistral-small-latest');
  return 7;
}
