import { describe, expect, it } from 'vitest';
import { emptyCustomModelForm, toCustomModelInput } from './custom-model-form.js';

describe('custom model form', () => {
  const filled = { ...emptyCustomModelForm('homelab'), id: 'llama3.1:8b', contextLength: '131072' };

  it('maps a minimal model with no price (cost stays unknown)', () => {
    expect(toCustomModelInput(filled)).toEqual({
      ok: true,
      input: { provider: 'homelab', id: 'llama3.1:8b', kind: 'chat', contextLength: 131_072, capabilities: ['completion'], price: null, description: null },
    });
  });

  it('maps prices, max output and display name', () => {
    const result = toCustomModelInput({ ...filled, input: '0.1', output: '$0.2', cachedInput: '0.05', maxOutputTokens: '8192', displayName: ' Llama ' });
    expect(result).toMatchObject({
      ok: true,
      input: { price: { input: 0.1, output: 0.2, cachedInput: 0.05 }, maxOutputTokens: 8192, displayName: 'Llama' },
    });
  });

  it('needs an id without spaces or @, a context length, and both prices or none', () => {
    const result = toCustomModelInput({ ...filled, id: 'bad id@x', contextLength: '', input: '1' });
    expect(result).toMatchObject({ ok: false, errors: { id: expect.any(String), contextLength: expect.any(String), output: expect.any(String) } });
  });
});

describe('editing a custom model', () => {
  it('keeps its stored max output tokens', async () => {
    const { customModelFormFrom } = await import('./custom-model-form.js');
    const values = { displayName: 'Llama', contextLength: 131_072, maxOutputTokens: 8192, capabilities: ['completion'], price: null, description: null };
    const form = customModelFormFrom({
      provider: 'homelab', id: 'llama3.1:8b', name: 'llama3.1:8b', kind: 'chat', source: 'custom', enabled: true, providerActive: true,
      values, systemValues: values, override: null, aliases: [],
    });
    expect(form.maxOutputTokens).toBe('8192');
    expect(toCustomModelInput(form)).toMatchObject({ ok: true, input: { maxOutputTokens: 8192 } });
  });
});
