import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../catalog/load-catalog.js';
import type { ConfigFile } from '../config/config-file-schema.js';
import type { ModelSpec } from '../core/model-info.js';
import { DEFAULT_SETTINGS, type ConfigSnapshot } from '../store/store-types.js';
import { buildRoutingState, type RoutingInput } from './routing-state.js';

const catalog = loadCatalog();

function snapshot(patch: Partial<ConfigSnapshot> = {}): ConfigSnapshot {
  return {
    version: 1,
    settings: DEFAULT_SETTINGS,
    customProviders: [],
    providerOverrides: [],
    customModels: [],
    modelOverrides: [],
    customAliases: [],
    aliasOverrides: [],
    ...patch,
  };
}

function input(patch: Partial<RoutingInput> = {}): RoutingInput {
  return {
    catalog,
    configFile: { providers: [], builtins: {} },
    builtinSettings: new Map([
      ['openai', { apiKey: 'sk-test', baseUrl: 'http://openai.test/v1' }],
      ['groq', { apiKey: undefined, baseUrl: 'http://groq.test' }],
      ['ollama', { apiKey: undefined, baseUrl: '' }],
    ]),
    readKey: ({ env }) => (env === 'PRESENT_KEY' ? 'k' : undefined),
    snapshot: snapshot(),
    discovered: new Map(),
    ...patch,
  };
}

const discoveredSpec = (provider: string, id: string): ModelSpec => ({
  provider, id, displayName: id, family: 'llama', kind: 'chat', contextLength: 8192, capabilities: ['completion', 'tools'],
});

describe('buildRoutingState', () => {
  it('marks built-ins configured by key (or by base URL for Ollama) and explains what is missing', () => {
    const state = buildRoutingState(input());
    const byId = new Map(state.entries.map((entry) => [entry.id, entry]));
    expect(byId.get('openai')).toMatchObject({ configured: true, source: 'system', enabled: true });
    expect(byId.get('groq')).toMatchObject({ configured: false, missing: 'set GROQ_API_KEY' });
    expect(byId.get('ollama')).toMatchObject({ configured: false, missing: 'set OLLAMA_BASE_URL', discover: true });
    expect(state.registry.resolve('gpt-4o').spec.provider).toBe('openai');
  });

  it('applies model overrides (price, context, enabled) and keeps the system values beside them', () => {
    const state = buildRoutingState(
      input({
        snapshot: snapshot({
          modelOverrides: [
            { provider: 'openai', modelId: 'gpt-4o', price: { input: 0, output: 1 }, contextLength: 1000, description: 'cheap today' },
            { provider: 'openai', modelId: 'gpt-4o-mini', enabled: false },
          ],
        }),
      }),
    );
    const row = state.models.find((candidate) => candidate.spec.id === 'gpt-4o')!;
    expect(row.spec.price).toMatchObject({ input: 0, output: 1, source: 'override' });
    expect(row.spec.contextLength).toBe(1000);
    expect(row.system.price?.input).toBeGreaterThan(0);
    expect(state.registry.resolve('gpt-4o').spec.price?.input).toBe(0);
    expect(() => state.registry.resolve('gpt-4o-mini')).toThrow(/not found/);
  });

  it('adds custom providers, models and aliases from the database, and respects disabling', () => {
    const state = buildRoutingState(
      input({
        snapshot: snapshot({
          customProviders: [
            { id: 'lab', type: 'openai-compatible', displayName: 'Lab', baseUrl: 'http://lab.test/v1', apiKeyEnv: null, headers: {}, enabled: true },
            { id: 'locked', type: 'anthropic-compatible', displayName: 'Locked', baseUrl: 'http://x.test', apiKeyEnv: 'MISSING_KEY', headers: {}, enabled: true },
          ],
          customModels: [
            { provider: 'lab', id: 'lab-model', displayName: 'Lab model', kind: 'chat', contextLength: 4096, maxOutputTokens: null, capabilities: ['tools'], price: { input: 1, output: 2 }, description: null },
          ],
          customAliases: [{ alias: 'house', provider: 'lab', modelId: 'lab-model', enabled: true }],
          aliasOverrides: [{ provider: 'openai', alias: 'gpt-4o-latest', enabled: false }],
        }),
      }),
    );
    expect(state.registry.resolve('house').spec).toMatchObject({ provider: 'lab', id: 'lab-model', capabilities: ['completion', 'tools'] });
    expect(state.registry.resolve('lab/anything-else').spec.passthrough).toBe(true);
    expect(state.entries.find((entry) => entry.id === 'locked')).toMatchObject({ configured: false, missing: 'set MISSING_KEY', dialect: 'anthropic' });
    expect(() => state.registry.resolve('locked/x')).toThrow(/set MISSING_KEY/);
  });

  it('serves discovered Ollama models with and without :latest, after the catalog in priority', () => {
    const state = buildRoutingState(
      input({
        builtinSettings: new Map([['ollama', { apiKey: undefined, baseUrl: 'http://ollama.test' }]]),
        discovered: new Map([['ollama', [discoveredSpec('ollama', 'llama3.2:latest'), discoveredSpec('ollama', 'qwen3:8b')]]]),
      }),
    );
    expect(state.registry.resolve('llama3.2').spec.id).toBe('llama3.2:latest');
    expect(state.registry.resolve('ollama/llama3.2:latest').spec.id).toBe('llama3.2:latest');
    expect(state.registry.resolve('qwen3:8b').spec.id).toBe('qwen3:8b');
    expect(state.registry.list().map((model) => model.name)).toEqual(expect.arrayContaining(['llama3.2', 'qwen3:8b']));
    expect(state.models.find((row) => row.spec.id === 'qwen3:8b')?.source).toBe('discovered');
  });

  it('falls back to the default model only for unknown names when the setting is on', () => {
    const off = buildRoutingState(input());
    expect(() => off.registry.resolve('no-such-model')).toThrow(/not found/);
    const on = buildRoutingState(input({ snapshot: snapshot({ settings: { ...DEFAULT_SETTINGS, defaultModel: 'gpt-4o' } }) }));
    expect(on.registry.resolve('no-such-model').spec.id).toBe('gpt-4o');
    // A known model of an unconfigured provider keeps its explicit 404.
    expect(() => on.registry.resolve('llama-3.3-70b-versatile')).toThrow(/GROQ_API_KEY/);
  });

  it('merges config-file providers and builtin changes', () => {
    const configFile: ConfigFile = {
      providers: [
        {
          id: 'vllm', type: 'openai-compatible', name: 'vLLM', baseUrl: 'http://vllm.test/v1', apiKeyEnv: 'PRESENT_KEY', headers: { 'X-Team': 'a' },
          models: [{ id: 'qwen', kind: 'chat', contextLength: 32768, capabilities: ['tools'], aliases: ['q'], price: { input: 0.1, output: 0.3 } }],
          enabled: true,
        },
      ],
      builtins: { openai: { models: [], aliases: { smart: 'gpt-4o' }, baseUrl: 'http://override.test/v1' } },
    };
    const state = buildRoutingState(input({ configFile }));
    expect(state.entries.find((entry) => entry.id === 'openai')?.baseUrl).toBe('http://override.test/v1');
    expect(state.entries.find((entry) => entry.id === 'vllm')).toMatchObject({ apiKey: 'k', headers: { 'X-Team': 'a' }, discover: false, source: 'config' });
    expect(state.registry.resolve('q').spec).toMatchObject({ provider: 'vllm', id: 'qwen' });
    expect(state.registry.resolve('smart').spec.id).toBe('gpt-4o');
  });
});
