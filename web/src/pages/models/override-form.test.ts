import { describe, expect, it } from 'vitest';
import type { ModelView } from '../../api/types.js';
import { overrideFormFrom, toOverrideInput } from './override-form.js';

function model(overrides: Partial<ModelView> = {}): ModelView {
  const values = {
    displayName: 'GPT-4o', contextLength: 128_000, maxOutputTokens: 16_384, capabilities: ['completion', 'tools'],
    price: { input: 2.5, output: 10, cachedInput: 1.25 }, description: 'Flagship',
  };
  return {
    provider: 'openai', id: 'gpt-4o', name: 'gpt-4o', kind: 'chat', source: 'system', enabled: true, providerActive: true,
    values, systemValues: values, override: null, aliases: [], ...overrides,
  };
}

describe('override form', () => {
  it('starts empty for a model without an override (placeholders show the system values)', () => {
    expect(overrideFormFrom(model())).toEqual({
      input: '', output: '', cachedInput: '', contextLength: '', overrideCapabilities: false,
      capabilities: ['completion', 'tools'], description: '',
    });
  });

  it('starts from the stored override', () => {
    const form = overrideFormFrom(model({ override: { price: { input: 3, output: 12 }, capabilities: ['completion'] } }));
    expect(form).toMatchObject({ input: '3', output: '12', cachedInput: '', overrideCapabilities: true, capabilities: ['completion'] });
  });

  it('completes a price override with the system prices for the fields left empty', () => {
    const form = { ...overrideFormFrom(model()), input: '3' };
    expect(toOverrideInput(form, model())).toEqual({
      kind: 'override',
      input: { provider: 'openai', modelId: 'gpt-4o', price: { input: 3, output: 10, cachedInput: 1.25 } },
    });
  });

  it('asks for both prices when the model has no system price', () => {
    const priceless = model({ systemValues: { ...model().systemValues, price: null } });
    const result = toOverrideInput({ ...overrideFormFrom(priceless), output: '1' }, priceless);
    expect(result).toMatchObject({ kind: 'invalid', errors: { input: expect.stringContaining('input price') } });
  });

  it('sends context, capabilities and description only when set', () => {
    const form = { ...overrideFormFrom(model()), contextLength: '200,000', overrideCapabilities: true, capabilities: ['completion', 'vision'], description: '  Tuned  ' };
    expect(toOverrideInput(form, model())).toEqual({
      kind: 'override',
      input: { provider: 'openai', modelId: 'gpt-4o', contextLength: 200_000, capabilities: ['completion', 'vision'], description: 'Tuned' },
    });
  });

  it('reports an empty form as no override at all', () => {
    expect(toOverrideInput(overrideFormFrom(model()), model())).toEqual({ kind: 'empty' });
  });

  it('rejects negative prices and fractional context lengths', () => {
    const result = toOverrideInput({ ...overrideFormFrom(model()), input: '-1', contextLength: '1.5' }, model());
    expect(result).toMatchObject({ kind: 'invalid', errors: { input: expect.any(String), contextLength: expect.any(String) } });
  });
});
