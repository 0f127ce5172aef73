import { describe, expect, it } from 'vitest';
import type { ModelView } from '../../api/types.js';
import { filterModels, indexModels, readModelFilter, writeModelFilter } from './model-filter.js';

function model(provider: string, id: string, extra: Partial<ModelView> = {}): ModelView {
  const values = { displayName: id, contextLength: 8192, maxOutputTokens: null, capabilities: ['completion'], price: null, description: null };
  return {
    provider, id, name: id, kind: 'chat', source: 'system', enabled: true, providerActive: true, values, systemValues: values,
    override: null, aliases: [], ...extra,
  };
}

const models = [
  model('openai', 'gpt-4o', { aliases: ['smart'], values: { displayName: 'GPT-4o', contextLength: 128_000, maxOutputTokens: 16_384, capabilities: ['completion', 'vision'], price: null, description: null } }),
  model('groq', 'llama-3.1-8b-instant', { enabled: false }),
  model('homelab', 'qwen3:8b', { source: 'discovered', providerActive: false }),
];
const indexed = indexModels(models);
const ids = (filter: string) => filterModels(indexed, readModelFilter(new URLSearchParams(filter))).map((item) => item.id);

describe('model filters', () => {
  it('matches every search word anywhere in name, provider, display name or alias', () => {
    expect(ids('q=smart')).toEqual(['gpt-4o']);
    expect(ids('q=GROQ+8b')).toEqual(['llama-3.1-8b-instant']);
    expect(ids('q=8b')).toEqual(['llama-3.1-8b-instant', 'qwen3:8b']);
  });

  it('filters by provider, source, capability and status', () => {
    expect(ids('provider=homelab')).toEqual(['qwen3:8b']);
    expect(ids('source=discovered')).toEqual(['qwen3:8b']);
    expect(ids('capability=vision')).toEqual(['gpt-4o']);
    expect(ids('status=disabled')).toEqual(['llama-3.1-8b-instant']);
    expect(ids('status=unserved')).toEqual(['llama-3.1-8b-instant', 'qwen3:8b']);
  });

  it('keeps only known values from the URL and writes back only what is set', () => {
    const filter = readModelFilter(new URLSearchParams('source=bogus&status=enabled&q=x'));
    expect(filter).toEqual({ search: 'x', provider: '', source: '', capability: '', status: 'enabled' });
    expect(writeModelFilter(filter).toString()).toBe('q=x&status=enabled');
  });
});
