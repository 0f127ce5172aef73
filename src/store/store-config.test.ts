import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from './open-store.js';
import type { Store } from './store.js';
import { DEFAULT_SETTINGS, type CustomModel, type CustomProvider } from './store-types.js';
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from './testing/test-databases.js';

const provider: CustomProvider = {
  id: 'lab', type: 'openai-compatible', displayName: 'Lab box', baseUrl: 'http://10.0.0.5:8000/v1',
  apiKeyEnv: 'LAB_API_KEY', headers: { 'X-Team': 'infra' }, enabled: true,
};

const model: CustomModel = {
  provider: 'lab', id: 'qwen3-32b', displayName: 'Qwen3 32B', kind: 'chat', contextLength: 32_768,
  maxOutputTokens: null, capabilities: ['tools'], price: { input: 0, output: 0.5, cachedInput: 0 }, description: null,
};

describe.each(TEST_DIALECTS)('store configuration on %s', (dialect) => {
  let database: TestDatabase;
  let store: Store;
  const logs: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    store = await openStore({ ...database.options, log: { info: (message) => logs.push(message) } });
  });
  afterAll(async () => {
    await store.close();
    await database.drop();
  });

  it('migrates once, and opening again finds the schema up to date', async () => {
    expect(store.dialect).toBe(dialect);
    expect(logs).toEqual([expect.stringMatching(/applied migrations 1, 2$/)]);
    const again = await openStore({ ...database.options, log: { info: (message) => logs.push(message) } });
    await again.close();
    expect(logs[1]).toMatch(/schema up to date$/);
  });

  it('starts from the default settings and round-trips every setting', async () => {
    expect((await store.loadConfig()).settings).toEqual(DEFAULT_SETTINGS);
    const before = await store.configVersion();
    const patch = {
      defaultModel: 'openai/gpt-4o-mini', defaultTag: 'home', trackingEnabled: false, dnsResolution: true,
      trustedProxies: ['10.0.0.0/8', '::1'], retentionDays: 0, priceRefresh: true,
    };
    expect(await store.updateSettings(patch)).toEqual(patch);
    expect(await store.configVersion()).toBe(before + 1);

    // A partial patch keeps the rest; null is a value (back to "unknown models are a 404"), undefined is not.
    const settings = await store.updateSettings({ defaultModel: null, retentionDays: undefined });
    expect(settings).toEqual({ ...patch, defaultModel: null });
    expect((await store.loadConfig()).settings).toEqual(settings);
    expect(await store.configVersion()).toBe(before + 2);

    await store.updateSettings({});
    expect(await store.configVersion()).toBe(before + 2);
  });

  it('creates, edits and deletes custom providers, bumping the version each time', async () => {
    const start = await store.configVersion();
    await store.upsertCustomProvider(provider);
    await store.upsertCustomProvider({ ...provider, displayName: 'Lab', headers: {}, apiKeyEnv: null, enabled: false });
    const snapshot = await store.loadConfig();
    expect(snapshot.customProviders).toEqual([{ ...provider, displayName: 'Lab', headers: {}, apiKeyEnv: null, enabled: false }]);
    expect(snapshot.version).toBe(start + 2);

    expect(await store.deleteCustomProvider('lab')).toBe(true);
    expect(await store.deleteCustomProvider('lab')).toBe(false);
    expect((await store.loadConfig()).customProviders).toEqual([]);
    expect(await store.configVersion()).toBe(start + 3);
  });

  it('sets provider and alias overrides, one row per key', async () => {
    const start = await store.configVersion();
    await store.setProviderOverride({ id: 'openai', enabled: false });
    await store.setProviderOverride({ id: 'openai', enabled: true });
    await store.setProviderOverride({ id: 'groq', enabled: false });
    await store.setAliasOverride({ provider: 'anthropic', alias: 'sonnet', enabled: false });
    await store.setAliasOverride({ provider: 'openrouter', alias: 'sonnet', enabled: false });
    await store.setAliasOverride({ provider: 'anthropic', alias: 'sonnet', enabled: true });
    const snapshot = await store.loadConfig();
    expect(sortBy(snapshot.providerOverrides, (o) => o.id)).toEqual([
      { id: 'groq', enabled: false }, { id: 'openai', enabled: true },
    ]);
    expect(sortBy(snapshot.aliasOverrides, (o) => o.provider)).toEqual([
      { provider: 'anthropic', alias: 'sonnet', enabled: true }, { provider: 'openrouter', alias: 'sonnet', enabled: false },
    ]);
    expect(snapshot.version).toBe(start + 6);
  });

  it('creates, edits and deletes custom models keyed by provider and id', async () => {
    const start = await store.configVersion();
    await store.upsertCustomModel(model);
    await store.upsertCustomModel({ ...model, provider: 'ollama' });
    await store.upsertCustomModel({ ...model, contextLength: 131_072, price: null, maxOutputTokens: 8192, description: 'big' });
    const models = sortBy((await store.loadConfig()).customModels, (m) => m.provider);
    expect(models).toEqual([
      { ...model, contextLength: 131_072, price: null, maxOutputTokens: 8192, description: 'big' },
      { ...model, provider: 'ollama' },
    ]);
    expect(await store.deleteCustomModel('lab', 'qwen3-32b')).toBe(true);
    expect(await store.deleteCustomModel('lab', 'qwen3-32b')).toBe(false);
    expect((await store.loadConfig()).customModels).toEqual([{ ...model, provider: 'ollama' }]);
    expect(await store.configVersion()).toBe(start + 4);
  });

  it('keeps enable/disable and override values apart in model overrides', async () => {
    const key = { provider: 'openai', modelId: 'gpt-4o' };
    const overrides = async () => (await store.loadConfig()).modelOverrides.filter((o) => o.modelId === 'gpt-4o');
    const start = await store.configVersion();

    await store.setModelOverride({ ...key, enabled: false });
    expect(await overrides()).toEqual([{ ...key, enabled: false }]);

    // Saving values does not touch the flag; absent value fields stay absent (system value).
    await store.setModelOverride({ ...key, price: { input: 2, output: 8 }, contextLength: 64_000 });
    expect(await overrides()).toEqual([{ ...key, enabled: false, price: { input: 2, output: 8 }, contextLength: 64_000 }]);

    // A new set of values replaces the old set; a toggle keeps the values.
    await store.setModelOverride({ ...key, capabilities: ['vision'], description: 'mine' });
    await store.setModelOverride({ ...key, enabled: true });
    expect(await overrides()).toEqual([{ ...key, enabled: true, capabilities: ['vision'], description: 'mine' }]);

    expect(await store.clearModelOverride('openai', 'gpt-4o')).toBe(true);
    expect(await overrides()).toEqual([{ ...key, enabled: true }]);
    expect(await store.clearModelOverride('openai', 'gpt-4o')).toBe(false);

    // Values without a flag: clearing removes the row.
    await store.setModelOverride({ provider: 'openai', modelId: 'o3', price: { input: 0, output: 0 } });
    expect((await store.loadConfig()).modelOverrides).toContainEqual({ provider: 'openai', modelId: 'o3', price: { input: 0, output: 0 } });
    expect(await store.clearModelOverride('openai', 'o3')).toBe(true);
    expect((await store.loadConfig()).modelOverrides.some((o) => o.modelId === 'o3')).toBe(false);
    expect(await store.configVersion()).toBe(start + 7);
  });

  it('keeps custom aliases unique by alias', async () => {
    const start = await store.configVersion();
    await store.upsertCustomAlias({ alias: 'fast', provider: 'groq', modelId: 'llama-3.1-8b-instant', enabled: true });
    await store.upsertCustomAlias({ alias: 'fast', provider: 'cerebras', modelId: 'llama3.1-8b', enabled: false });
    await store.upsertCustomAlias({ alias: 'smart', provider: 'anthropic', modelId: 'claude-opus-4-1', enabled: true });
    expect(sortBy((await store.loadConfig()).customAliases, (a) => a.alias)).toEqual([
      { alias: 'fast', provider: 'cerebras', modelId: 'llama3.1-8b', enabled: false },
      { alias: 'smart', provider: 'anthropic', modelId: 'claude-opus-4-1', enabled: true },
    ]);
    expect(await store.deleteCustomAlias('fast')).toBe(true);
    expect(await store.deleteCustomAlias('fast')).toBe(false);
    expect((await store.loadConfig()).customAliases.map((a) => a.alias)).toEqual(['smart']);
    expect(await store.configVersion()).toBe(start + 4);
  });

  it('stores the password hash and one session secret that every instance shares', async () => {
    expect(await store.getPasswordHash()).toBeNull();
    await store.setPasswordHash('scrypt$1$abc');
    await store.setPasswordHash('scrypt$1$def');
    expect(await store.getPasswordHash()).toBe('scrypt$1$def');

    const other = await openStore(database.options);
    try {
      const [mine, theirs] = await Promise.all([store.sessionSecret(), other.sessionSecret()]);
      expect(mine).toMatch(/^[0-9a-f]{64}$/);
      expect(theirs).toBe(mine);
      expect(await store.sessionSecret()).toBe(mine);
      expect(await other.getPasswordHash()).toBe('scrypt$1$def');
    } finally {
      await other.close();
    }
  });

  it('keeps configuration across a restart', async () => {
    await store.upsertCustomProvider(provider);
    const before = await store.loadConfig();
    await store.close();
    store = await openStore(database.options);
    expect(await store.loadConfig()).toEqual(before);
    expect(await store.sessionSecret()).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('store migrations on postgres', () => {
  it('lets two instances start at once against a fresh database: one migrates, the other waits and finds it done', async () => {
    const database = await createTestDatabase('postgres');
    const logs: string[] = [];
    const log = { info: (message: string) => logs.push(message) };
    try {
      const stores = await Promise.all([openStore({ ...database.options, log }), openStore({ ...database.options, log })]);
      await Promise.all(stores.map((s) => s.close()));
      expect(logs.filter((line) => line.endsWith('applied migrations 1, 2'))).toHaveLength(1);
      expect(logs.filter((line) => line.endsWith('schema up to date'))).toHaveLength(1);
    } finally {
      await database.drop();
    }
  });
});

function sortBy<T>(items: T[], key: (item: T) => string): T[] {
  return [...items].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
