import type { InjectOptions } from 'fastify';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CSRF, startAdminHarness, type AdminHarness } from './testing/admin-test-harness.js';

let h: AdminHarness;
let cookie: string;

beforeEach(async () => {
  h = await startAdminHarness({ passwordFromEnv: 'config-tests-password' });
  cookie = await h.login();
});
afterEach(async () => {
  await h.close();
});

function call(method: InjectOptions['method'], url: string, payload?: unknown) {
  return h.app.inject({ method, url, headers: { cookie, ...(method === 'GET' ? {} : CSRF) }, ...(payload === undefined ? {} : { payload: payload as object }) });
}

const customProvider = {
  id: 'home-llm',
  type: 'openai-compatible',
  displayName: 'Home LLM',
  baseUrl: 'http://10.0.0.5:8000/v1/',
  apiKeyEnv: 'HOME_LLM_KEY',
  headers: { 'X-Team': 'team-secret-value' },
};

describe('providers', () => {
  it('creates a custom provider in the store, reloads, and answers its view without header values', async () => {
    const response = await call('POST', '/api/providers', customProvider);
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ id: 'home-llm', source: 'custom', baseUrl: 'http://10.0.0.5:8000/v1', headerNames: ['X-Team'], enabled: true });
    expect(response.body).not.toContain('team-secret-value');
    expect(h.control.reloads).toBe(1);
    expect((await h.store.loadConfig()).customProviders).toEqual([
      { id: 'home-llm', type: 'openai-compatible', displayName: 'Home LLM', baseUrl: 'http://10.0.0.5:8000/v1', apiKeyEnv: 'HOME_LLM_KEY', headers: { 'X-Team': 'team-secret-value' }, enabled: true },
    ]);
    const list = await call('GET', '/api/providers');
    expect(list.json().map((provider: { id: string }) => provider.id)).toEqual(['openai', 'groq', 'home-llm']);
  });

  it('refuses reserved, taken and malformed ids, bad types and bad URLs', async () => {
    const reserved = await call('POST', '/api/providers', { ...customProvider, id: 'openrouter' });
    expect(reserved.statusCode).toBe(409);
    expect(reserved.json().error.code).toBe('reserved_id');
    expect((await call('POST', '/api/providers', customProvider)).statusCode).toBe(201);
    const taken = await call('POST', '/api/providers', customProvider);
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.code).toBe('conflict');

    const invalid: Array<[object, string]> = [
      [{ ...customProvider, id: 'Home' }, "'id'"],
      [{ ...customProvider, id: '-home' }, "'id'"],
      [{ ...customProvider, id: 'a'.repeat(41) }, "'id'"],
      [{ ...customProvider, type: 'gemini' }, "'type'"],
      [{ ...customProvider, baseUrl: 'ftp://x' }, "'baseUrl'"],
      [{ ...customProvider, baseUrl: 'http://user:pw@x' }, "'baseUrl'"],
      [{ ...customProvider, apiKeyEnv: 'not a name' }, "'apiKeyEnv'"],
      // Another provider's key, or Switchboard's own secrets, must not be sent to a URL of the client's choosing.
      [{ ...customProvider, apiKeyEnv: 'OPENAI_API_KEY' }, "'apiKeyEnv'"],
      [{ ...customProvider, apiKeyEnv: 'ADMIN_PASSWORD' }, "'apiKeyEnv'"],
      [{ ...customProvider, apiKeyEnv: 'DATABASE_URL' }, "'apiKeyEnv'"],
      [{ ...customProvider, headers: { 'Bad Header': 'x' } }, "'headers.Bad Header'"],
      [{ ...customProvider, headers: { 'X-A': 'line\r\nbreak' } }, "'headers.X-A'"],
      [{ ...customProvider, headers: { Host: 'x' } }, "'headers.Host'"],
      [{ ...customProvider, extra: true }, 'extra'],
    ];
    for (const [body, field] of invalid) {
      const response = await call('POST', '/api/providers', { ...body, id: (body as { id: string }).id === 'home-llm' ? 'other' : (body as { id: string }).id });
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.json().error.code).toBe('invalid_request');
      expect(response.json().error.message).toContain(field);
    }
    expect((await h.store.loadConfig()).customProviders).toHaveLength(1);
  });

  it('edits a custom provider, keeping header values the client did not resend', async () => {
    await call('POST', '/api/providers', customProvider);
    const edited = await call('PUT', '/api/providers/home-llm', { id: 'home-llm', type: 'ollama', baseUrl: 'http://10.0.0.6:11434', enabled: false });
    expect(edited.statusCode).toBe(200);
    expect(edited.json()).toMatchObject({ id: 'home-llm', dialect: 'ollama', enabled: false, status: 'disabled', displayName: 'Home LLM' });
    const stored = (await h.store.loadConfig()).customProviders[0];
    expect(stored).toMatchObject({ type: 'ollama', baseUrl: 'http://10.0.0.6:11434', headers: { 'X-Team': 'team-secret-value' }, apiKeyEnv: 'HOME_LLM_KEY', enabled: false });

    const replaced = await call('PUT', '/api/providers/home-llm', { ...customProvider, headers: {}, apiKeyEnv: null });
    expect(replaced.json()).toMatchObject({ headerNames: [], apiKeyEnv: null });
    expect((await h.store.loadConfig()).customProviders[0]?.headers).toEqual({});
    expect(h.control.reloads).toBe(3);

    expect((await call('PUT', '/api/providers/home-llm', { ...customProvider, id: 'renamed' })).statusCode).toBe(400);
    expect((await call('PUT', '/api/providers/home-llm', { ...customProvider, apiKeyEnv: 'GROQ_API_KEY' })).statusCode).toBe(400);
    expect((await call('PUT', '/api/providers/openai', { ...customProvider, id: 'openai' })).statusCode).toBe(409);
    expect((await call('PUT', '/api/providers/missing', { ...customProvider, id: 'missing' })).statusCode).toBe(404);
  });

  it('deletes custom providers only', async () => {
    await call('POST', '/api/providers', customProvider);
    expect((await call('DELETE', '/api/providers/home-llm')).statusCode).toBe(204);
    expect((await h.store.loadConfig()).customProviders).toEqual([]);
    expect(h.control.reloads).toBe(2);
    expect((await call('DELETE', '/api/providers/home-llm')).statusCode).toBe(404);
    expect((await call('DELETE', '/api/providers/openai')).statusCode).toBe(409);
  });

  it('enables and disables built-in and custom providers', async () => {
    const off = await call('POST', '/api/providers/openai/enabled', { enabled: false });
    expect(off.statusCode).toBe(200);
    expect(off.json()).toMatchObject({ id: 'openai', enabled: false, status: 'disabled' });
    expect((await h.store.loadConfig()).providerOverrides).toEqual([{ id: 'openai', enabled: false }]);

    await call('POST', '/api/providers', customProvider);
    const customOff = await call('POST', '/api/providers/home-llm/enabled', { enabled: false });
    expect(customOff.json()).toMatchObject({ id: 'home-llm', enabled: false });
    expect((await h.store.loadConfig()).customProviders[0]).toMatchObject({ enabled: false, headers: { 'X-Team': 'team-secret-value' } });
    expect(h.control.reloads).toBe(3);
    expect((await call('POST', '/api/providers/nope/enabled', { enabled: true })).statusCode).toBe(404);
    expect((await call('POST', '/api/providers/openai/enabled', { enabled: 'yes' })).statusCode).toBe(400);
  });

  it('tests a provider through the proxy control and refreshes discovering providers only', async () => {
    h.control.testResult = { ok: false, latencyMs: 1500, message: 'upstream answered 401', modelCount: null };
    const tested = await call('POST', '/api/providers/groq/test');
    expect(tested.statusCode).toBe(200);
    expect(tested.json()).toEqual({ ok: false, latencyMs: 1500, message: 'upstream answered 401', modelCount: null });
    expect(h.control.tested).toEqual(['groq']);
    expect((await call('POST', '/api/providers/nope/test')).statusCode).toBe(404);

    expect((await call('POST', '/api/providers/openai/refresh')).statusCode).toBe(409);
    await call('POST', '/api/providers', { ...customProvider, id: 'ollama-box', type: 'ollama' });
    const refreshed = await call('POST', '/api/providers/ollama-box/refresh');
    expect(refreshed.statusCode).toBe(200);
    expect(refreshed.json()).toMatchObject({ id: 'ollama-box', discovery: { lastError: null } });
    expect(h.control.refreshed).toEqual(['ollama-box']);
  });
});

describe('models', () => {
  const customModel = { provider: 'openai', id: 'ft:gpt-4o:acme', contextLength: 64_000, capabilities: ['completion', 'tools'], price: { input: 3, output: 12 } };

  it('creates, edits and deletes custom models', async () => {
    const created = await call('PUT', '/api/models/custom', customModel);
    expect(created.statusCode).toBe(200);
    expect(created.json()).toMatchObject({ provider: 'openai', id: 'ft:gpt-4o:acme', source: 'custom', kind: 'chat', values: { displayName: 'ft:gpt-4o:acme', contextLength: 64_000, price: { input: 3, output: 12 } } });
    expect((await h.store.loadConfig()).customModels).toEqual([
      { provider: 'openai', id: 'ft:gpt-4o:acme', displayName: 'ft:gpt-4o:acme', kind: 'chat', contextLength: 64_000, maxOutputTokens: null, capabilities: ['completion', 'tools'], price: { input: 3, output: 12 }, description: null },
    ]);
    const edited = await call('PUT', '/api/models/custom', { ...customModel, displayName: 'Acme GPT', price: null });
    expect(edited.json().values).toMatchObject({ displayName: 'Acme GPT', price: null });
    expect(h.control.reloads).toBe(2);

    expect((await call('DELETE', '/api/models/custom?provider=openai&model=ft:gpt-4o:acme')).statusCode).toBe(204);
    expect((await h.store.loadConfig()).customModels).toEqual([]);
    expect(h.control.reloads).toBe(3);
    expect((await call('DELETE', '/api/models/custom?provider=openai&model=ft:gpt-4o:acme')).statusCode).toBe(404);
    const missingQuery = await call('DELETE', '/api/models/custom?provider=openai');
    expect(missingQuery.statusCode).toBe(400);
    expect(missingQuery.json().error.message).toContain("query parameter 'model'");
  });

  it('refuses a custom model that shadows a system model or names an unknown provider', async () => {
    const shadow = await call('PUT', '/api/models/custom', { ...customModel, id: 'gpt-4o' });
    expect(shadow.statusCode).toBe(409);
    const unknown = await call('PUT', '/api/models/custom', { ...customModel, provider: 'nobody' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.message).toContain("'provider'");
    const badCapability = await call('PUT', '/api/models/custom', { ...customModel, capabilities: ['telepathy'] });
    expect(badCapability.json().error.message).toContain("'capabilities[0]'");
    const atSign = await call('PUT', '/api/models/custom', { ...customModel, id: 'model@tag' });
    expect(atSign.json().error.message).toContain("'id'");
    expect((await h.store.loadConfig()).customModels).toEqual([]);
    expect(h.control.reloads).toBe(0);
  });

  it('sets and clears overrides, keeping the enabled switch apart', async () => {
    const disabled = await call('POST', '/api/models/enabled', { provider: 'openai', modelId: 'gpt-4o', enabled: false });
    expect(disabled.json()).toMatchObject({ enabled: false, override: null });

    const set = await call('PUT', '/api/models/override', { provider: 'openai', modelId: 'gpt-4o', price: { input: 0, output: 0 }, contextLength: 1000 });
    expect(set.statusCode).toBe(200);
    expect(set.json()).toMatchObject({
      enabled: false,
      values: { price: { input: 0, output: 0 }, contextLength: 1000 },
      systemValues: { price: { input: 2.5, output: 10 }, contextLength: 128_000 },
      override: { price: { input: 0, output: 0 }, contextLength: 1000 },
    });
    expect((await h.store.loadConfig()).modelOverrides).toEqual([{ provider: 'openai', modelId: 'gpt-4o', enabled: false, price: { input: 0, output: 0 }, contextLength: 1000 }]);

    const cleared = await call('DELETE', '/api/models/override?provider=openai&model=gpt-4o');
    expect(cleared.statusCode).toBe(200);
    expect(cleared.json()).toMatchObject({ enabled: false, override: null, values: { contextLength: 128_000 } });
    const enabled = await call('POST', '/api/models/enabled', { provider: 'openai', modelId: 'gpt-4o', enabled: true });
    expect(enabled.json()).toMatchObject({ enabled: true });
    expect(h.control.reloads).toBe(4);

    expect((await call('PUT', '/api/models/override', { provider: 'openai', modelId: 'gpt-4o' })).statusCode).toBe(400);
    expect((await call('PUT', '/api/models/override', { provider: 'openai', modelId: 'nope', contextLength: 5 })).statusCode).toBe(404);
    expect((await call('PUT', '/api/models/override', { provider: 'openai', modelId: 'gpt-4o', price: { input: -1, output: 0 } })).json().error.message).toContain("'price.input'");
    expect((await call('POST', '/api/models/enabled', { provider: 'openai', modelId: 'nope', enabled: true })).statusCode).toBe(404);
  });
});

describe('aliases', () => {
  it('creates, toggles and deletes custom aliases', async () => {
    const created = await call('PUT', '/api/aliases/custom', { alias: 'fast', provider: 'groq', modelId: 'llama-3.3-70b-versatile' });
    expect(created.statusCode).toBe(200);
    expect(created.json()).toEqual({ alias: 'fast', provider: 'groq', modelId: 'llama-3.3-70b-versatile', source: 'custom', enabled: true });
    expect((await h.store.loadConfig()).customAliases).toEqual([{ alias: 'fast', provider: 'groq', modelId: 'llama-3.3-70b-versatile', enabled: true }]);

    const off = await call('POST', '/api/aliases/enabled', { alias: 'fast', provider: 'groq', enabled: false });
    expect(off.json()).toMatchObject({ source: 'custom', enabled: false });
    expect((await h.store.loadConfig()).customAliases[0]?.enabled).toBe(false);

    expect((await call('DELETE', '/api/aliases/custom?alias=fast')).statusCode).toBe(204);
    expect((await h.store.loadConfig()).customAliases).toEqual([]);
    expect(h.control.reloads).toBe(3);
    expect((await call('DELETE', '/api/aliases/custom?alias=fast')).statusCode).toBe(404);
  });

  it('refuses an alias to a model that does not exist, or a malformed name', async () => {
    const unknown = await call('PUT', '/api/aliases/custom', { alias: 'fast', provider: 'groq', modelId: 'nope' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.message).toContain("'modelId'");
    expect((await call('PUT', '/api/aliases/custom', { alias: 'has space', provider: 'groq', modelId: 'llama-3.3-70b-versatile' })).json().error.message).toContain("'alias'");
    expect(h.control.reloads).toBe(0);
  });

  it('disables a system alias with an alias override', async () => {
    const off = await call('POST', '/api/aliases/enabled', { alias: 'gpt4', provider: 'openai', enabled: false });
    expect(off.statusCode).toBe(200);
    expect(off.json()).toEqual({ alias: 'gpt4', provider: 'openai', modelId: 'gpt-4o', source: 'system', enabled: false });
    expect((await h.store.loadConfig()).aliasOverrides).toEqual([{ alias: 'gpt4', provider: 'openai', enabled: false }]);
    expect((await call('POST', '/api/aliases/enabled', { alias: 'gpt4', provider: 'groq', enabled: false })).statusCode).toBe(404);
  });
});

describe('settings', () => {
  it('reads and patches settings through the store, then reloads', async () => {
    const initial = await call('GET', '/api/settings');
    expect(initial.json()).toEqual({ defaultModel: null, defaultTag: 'default', trackingEnabled: true, dnsResolution: false, trustedProxies: [], retentionDays: 365, priceRefresh: false });
    const patched = await call('PATCH', '/api/settings', { defaultModel: 'gpt4', trustedProxies: ['10.0.0.0/8', '::1'], retentionDays: 0, dnsResolution: true });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ defaultModel: 'gpt4', trustedProxies: ['10.0.0.0/8', '::1'], retentionDays: 0, dnsResolution: true, defaultTag: 'default' });
    expect((await h.store.loadConfig()).settings).toEqual(patched.json());
    expect(h.control.reloads).toBe(1);
    const off = await call('PATCH', '/api/settings', { defaultModel: null });
    expect(off.json().defaultModel).toBeNull();
  });

  it('names the field that is wrong', async () => {
    const cases: Array<[object, string]> = [
      [{ trustedProxies: ['10.0.0.0/33'] }, "'trustedProxies[0]'"],
      [{ trustedProxies: ['not-an-ip'] }, "'trustedProxies[0]'"],
      [{ retentionDays: 1.5 }, "'retentionDays'"],
      [{ defaultTag: 'has space' }, "'defaultTag'"],
      [{ defaultModel: 'no-such-model' }, "'defaultModel'"],
      [{ colour: 'blue' }, 'colour'],
    ];
    for (const [body, field] of cases) {
      const response = await call('PATCH', '/api/settings', body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.json().error).toMatchObject({ code: 'invalid_request' });
      expect(response.json().error.message).toContain(field);
    }
    expect(h.control.reloads).toBe(0);
  });
});

describe('errors', () => {
  it('answers unknown /api routes with a 404 ApiError', async () => {
    for (const [method, url] of [['GET', '/api/nothing'], ['POST', '/api/providers/x/y/z'], ['GET', '/api']] as const) {
      const response = await call(method, url);
      expect(response.statusCode, url).toBe(404);
      expect(response.json()).toEqual({ error: { code: 'not_found', message: expect.stringContaining(url) } });
    }
  });

  it('answers a failure inside with a 500 ApiError and no details, and logs it', async () => {
    vi.spyOn(h.store, 'loadConfig').mockRejectedValueOnce(new Error('disk on fire at /var/lib/secret-path'));
    const response = await call('GET', '/api/settings');
    expect(response.statusCode).toBe(500);
    expect(response.json()).toEqual({ error: { code: 'internal', message: 'internal error (see the server log)' } });
    expect(response.body).not.toContain('disk on fire');
    expect(response.body).not.toContain('at ');
    expect(h.logs.join('')).toContain('disk on fire');
  });

  it('answers 413 for a body over the limit', async () => {
    const response = await call('PATCH', '/api/settings', { defaultTag: 'x'.repeat(2 * 1024 * 1024) });
    expect(response.statusCode).toBe(413);
    expect(response.json().error.code).toBe('payload_too_large');
  });
});
