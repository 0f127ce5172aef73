import { describe, expect, it } from 'vitest';
import type { Catalog } from '../catalog/load-catalog.js';
import type { ModelSpec } from '../core/model-info.js';
import { ProxyError } from '../core/proxy-error.js';
import { ModelRegistry } from './model-registry.js';
import { parseModelName } from './parse-model-name.js';

function spec(provider: string, id: string): ModelSpec {
  return { provider, id, displayName: id, family: 'f', kind: 'chat', contextLength: 1000, capabilities: ['completion'] };
}

const catalog: Catalog = {
  providers: [
    { id: 'openai', displayName: 'OpenAI', dialect: 'openai-compatible', apiKeyEnv: 'OPENAI_API_KEY', baseUrlEnv: 'OPENAI_BASE_URL', defaultBaseUrl: 'x' },
    { id: 'groq', displayName: 'Groq', dialect: 'openai-compatible', apiKeyEnv: 'GROQ_API_KEY', baseUrlEnv: 'GROQ_BASE_URL', defaultBaseUrl: 'x' },
    { id: 'openrouter', displayName: 'OpenRouter', dialect: 'openai-compatible', apiKeyEnv: 'OPENROUTER_API_KEY', baseUrlEnv: 'OPENROUTER_BASE_URL', defaultBaseUrl: 'x' },
  ],
  models: new Map([
    ['openai', [spec('openai', 'gpt-4o'), spec('openai', 'shared-model')]],
    ['groq', [spec('groq', 'llama-3.3-70b-versatile'), spec('groq', 'shared-model')]],
    ['openrouter', [spec('openrouter', 'meta-llama/llama-3.3-70b-instruct')]],
  ]),
  aliases: new Map([
    ['openai', new Map()],
    ['groq', new Map([['llama-70b', 'llama-3.3-70b-versatile']])],
    ['openrouter', new Map()],
  ]),
};

const allActive = new ModelRegistry(catalog, new Set(['openai', 'groq', 'openrouter']));

describe('parseModelName', () => {
  it('strips @tags and :latest, keeps other tags', () => {
    expect(parseModelName('gpt-4o:latest@team-a, ci ,team-a')).toEqual({ name: 'gpt-4o', tags: ['team-a', 'ci'] });
    expect(parseModelName('openrouter/meta-llama/llama-3.3-70b-instruct:free')).toEqual({
      name: 'openrouter/meta-llama/llama-3.3-70b-instruct:free',
      tags: [],
    });
  });
});

describe('ModelRegistry', () => {
  it('resolves ids, aliases and provider prefixes case-insensitively', () => {
    expect(allActive.resolve('GPT-4o').spec.id).toBe('gpt-4o');
    expect(allActive.resolve('llama-70b').spec.id).toBe('llama-3.3-70b-versatile');
    expect(allActive.resolve('groq/llama-70b').spec.provider).toBe('groq');
    expect(allActive.resolve('openai/gpt-4o:latest').spec.id).toBe('gpt-4o');
  });

  it('passes unknown ids through to a named provider, keeping their case and variant tags', () => {
    const resolved = allActive.resolve('openrouter/Some-Vendor/new-model:free');
    expect(resolved.spec).toMatchObject({ provider: 'openrouter', id: 'Some-Vendor/new-model:free', passthrough: true });
  });

  it('lists ambiguous and slashed ids with their provider prefix and resolves every listed name back', () => {
    const names = allActive.list().map((model) => model.name);
    expect(names).toEqual(['gpt-4o', 'openai/shared-model', 'llama-3.3-70b-versatile', 'groq/shared-model', 'openrouter/meta-llama/llama-3.3-70b-instruct']);
    for (const model of allActive.list()) {
      expect(allActive.resolve(model.name).spec).toBe(model.spec);
      expect(allActive.resolve(parseModelName(`${model.name}:latest`).name).spec).toBe(model.spec);
    }
  });

  it('gives a bare name shared by two providers to the first configured one in catalog order', () => {
    expect(allActive.resolve('shared-model').spec.provider).toBe('openai');
    const groqOnly = new ModelRegistry(catalog, new Set(['groq']));
    expect(groqOnly.resolve('shared-model').spec.provider).toBe('groq');
    expect(groqOnly.list().map((model) => model.name)).toContain('shared-model');
  });

  it('refuses unknown names with model_not_found and unconfigured providers with a hint', () => {
    expect(() => allActive.resolve('no-such-model')).toThrowError(expect.objectContaining({ code: 'model_not_found', status: 404 }) as ProxyError);
    const openaiOnly = new ModelRegistry(catalog, new Set(['openai']));
    expect(() => openaiOnly.resolve('llama-70b')).toThrowError(/GROQ_API_KEY/);
    expect(() => openaiOnly.resolve('groq/anything')).toThrowError(/GROQ_API_KEY/);
  });
});
