import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  providerModelsFileSchema,
  providersFileSchema,
  type CatalogModel,
  type ProviderModelsFile,
} from './catalog-schema.js';

/** Checks the shipped data in data/catalog/ itself (not the loader): every file, every model, every alias. */

const catalogDir = new URL('../../data/catalog/', import.meta.url);
const modelsDir = new URL('models/', catalogDir);

function readJson(url: URL): unknown {
  return JSON.parse(readFileSync(url, 'utf8'));
}

const providers = providersFileSchema.parse(readJson(new URL('providers.json', catalogDir))).providers;
const modelFileNames = readdirSync(fileURLToPath(modelsDir))
  .filter((name) => name.endsWith('.json'))
  .sort();
const files: Array<{ name: string; data: ProviderModelsFile }> = modelFileNames.map((name) => ({
  name,
  data: providerModelsFileSchema.parse(readJson(new URL(name, modelsDir))),
}));
const allModels: Array<{ provider: string; model: CatalogModel }> = files.flatMap(({ data }) =>
  data.models.map((model) => ({ provider: data.provider, model })),
);

/** Short names clients are promised: each must be a catalog id or alias somewhere. */
const REQUIRED_NAMES = [
  'claude-opus',
  'claude-sonnet',
  'claude-haiku',
  'gpt-4o',
  'gpt-4o-mini',
  'gpt-4-turbo',
  'o1',
  'o1-mini',
  'o3',
  'o3-mini',
  'gemini',
  'gemini-pro',
  'gemini-flash',
  'gemini-2.5-pro',
  'gemini-2.5-flash',
  'sonar',
  'sonar-pro',
  'llama',
  'llama-70b',
  'llama-8b',
  'qwen',
  'compound',
  'deepseek',
  'deepseek-v3',
  'deepseek-r1',
  'mistral',
  'mistral-large',
  'mistral-small',
  'codestral',
  'ministral',
  'grok',
  'grok-3',
  'grok-2',
  'grok-vision',
];

function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}

describe('catalog data files', () => {
  it('parses providers.json and finds model files', () => {
    expect(providers.length).toBeGreaterThan(0);
    expect(files.length).toBeGreaterThan(0);
  });

  it('names each file after a provider listed in providers.json', () => {
    const known = new Set(providers.map((provider) => provider.id));
    for (const { name, data } of files) {
      expect(known.has(data.provider), `${name}: unknown provider '${data.provider}'`).toBe(true);
      expect(name).toBe(`${data.provider}.json`);
    }
  });

  it('has a models file for every cloud provider (all but ollama)', () => {
    const present = new Set(files.map(({ data }) => data.provider));
    const missing = providers.map((provider) => provider.id).filter((id) => id !== 'ollama' && !present.has(id));
    expect(missing).toEqual([]);
  });

  it('keeps model ids unique within each provider', () => {
    for (const { name, data } of files) {
      const seen = new Set<string>();
      for (const model of data.models) {
        const key = model.id.toLowerCase();
        expect(seen.has(key), `${name}: duplicate model id '${model.id}'`).toBe(false);
        seen.add(key);
      }
    }
  });

  it('keeps aliases globally unique, distinct from every model id, and free of ":", "@" and "/"', () => {
    const ids = new Set(allModels.map(({ model }) => model.id.toLowerCase()));
    const owner = new Map<string, string>();
    for (const { provider, model } of allModels) {
      for (const alias of model.aliases) {
        const key = alias.toLowerCase();
        const where = `${provider}/${model.id} alias '${alias}'`;
        expect(alias.includes(':'), `${where} contains ':'`).toBe(false);
        expect(alias.includes('@'), `${where} contains '@'`).toBe(false);
        expect(alias.includes('/'), `${where} contains '/'`).toBe(false);
        expect(alias.trim()).toBe(alias);
        expect(ids.has(key), `${where} equals a model id`).toBe(false);
        expect(owner.get(key), `${where} is also an alias of ${owner.get(key)}`).toBeUndefined();
        owner.set(key, `${provider}/${model.id}`);
      }
    }
  });

  it('gives OpenRouter models no aliases', () => {
    for (const { provider, model } of allModels) {
      if (provider === 'openrouter') expect(model.aliases, model.id).toEqual([]);
    }
  });

  it('gives every model a price and a positive context length', () => {
    for (const { provider, model } of allModels) {
      const where = `${provider}/${model.id}`;
      expect(model.price, where).toBeDefined();
      expect(model.price.source.startsWith('https://'), `${where}: price source should be a URL`).toBe(true);
      expect(Number.isInteger(model.contextLength) && model.contextLength > 0, where).toBe(true);
      if (model.maxOutputTokens !== undefined) expect(model.maxOutputTokens, where).toBeGreaterThan(0);
    }
  });

  it('keeps embedding models free of chat capabilities and gives them a vector size', () => {
    const embeddings = allModels.filter(({ model }) => model.kind === 'embedding');
    expect(embeddings.length).toBeGreaterThan(0);
    for (const { provider, model } of embeddings) {
      const where = `${provider}/${model.id}`;
      expect(model.capabilities, where).not.toContain('tools');
      expect(model.capabilities, where).not.toContain('vision');
      expect(model.capabilities, where).not.toContain('thinking');
      expect(model.embeddingLength, where).toBeGreaterThan(0);
    }
    for (const id of ['text-embedding-3-small', 'text-embedding-3-large', 'text-embedding-ada-002', 'mistral-embed', 'gemini-embedding-001']) {
      const found = allModels.find(({ model }) => model.id === id);
      expect(found?.model.kind, id).toBe('embedding');
    }
  });

  it('lists neither implied capability (completion, embedding)', () => {
    for (const { provider, model } of allModels) {
      expect(model.capabilities, `${provider}/${model.id}`).not.toContain('completion');
      expect(model.capabilities, `${provider}/${model.id}`).not.toContain('embedding');
      expect(new Set(model.capabilities).size, `${provider}/${model.id}: duplicate capability`).toBe(model.capabilities.length);
    }
  });

  it('resolves every required short name as an id or an alias', () => {
    const names = new Set<string>();
    for (const { model } of allModels) {
      names.add(model.id.toLowerCase());
      for (const alias of model.aliases) names.add(alias.toLowerCase());
    }
    const missing = REQUIRED_NAMES.filter((name) => !names.has(name));
    expect(missing).toEqual([]);
  });

  it('dates every price check no later than today', () => {
    const today = todayUtc();
    for (const { provider, model } of allModels) {
      const checked = model.price.checkedAt;
      expect(Number.isNaN(Date.parse(checked)), `${provider}/${model.id}: bad date ${checked}`).toBe(false);
      expect(checked <= today, `${provider}/${model.id}: checkedAt ${checked} is in the future`).toBe(true);
    }
  });

  it('marks the OpenAI legacy completion models and reasoning-model roles consistently', () => {
    const openai = new Map(allModels.filter(({ provider }) => provider === 'openai').map(({ model }) => [model.id, model]));
    for (const id of ['gpt-3.5-turbo-instruct', 'davinci-002', 'babbage-002']) {
      expect(openai.get(id)?.legacyCompletions, id).toBe(true);
    }
    expect(openai.get('o1-mini')?.systemRole).toBe('user');
    for (const id of ['o1', 'o3', 'o3-mini', 'o4-mini', 'gpt-5']) {
      expect(openai.get(id)?.systemRole, id).toBe('developer');
      expect(openai.get(id)?.unsupportedParams, id).toContain('temperature');
    }
    for (const { model } of allModels) {
      if (model.reasoningEfforts) expect(model.reasoningEfforts.length, model.id).toBeGreaterThan(0);
    }
  });
});
