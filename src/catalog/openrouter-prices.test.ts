import { describe, expect, it } from 'vitest';
import { parseOpenRouterPrices } from './openrouter-prices.js';

describe('parseOpenRouterPrices', () => {
  const known = new Map([
    ['openrouter', ['openai/gpt-4o', 'meta-llama/llama-3.3-70b-instruct']],
    ['openai', ['gpt-4o']],
    ['anthropic', ['claude-sonnet-4-5']],
  ]);
  const body = {
    data: [
      { id: 'openai/gpt-4o', pricing: { prompt: '0.0000025', completion: '0.00001', input_cache_read: '0.00000125' } },
      { id: 'anthropic/claude-sonnet-4.5', pricing: { prompt: '0.000003', completion: '0.000015', input_cache_read: '0.0000003', input_cache_write: '0.00000375' } },
      { id: 'meta-llama/llama-3.3-70b-instruct', pricing: { prompt: '0', completion: '0' } },
      { id: 'some/unknown', pricing: { prompt: '0.1', completion: '0.1' } },
      { id: 'openrouter/auto', pricing: { prompt: '-1', completion: '-1' } },
    ],
  };

  it('converts per-token strings to per-million prices for catalog models at OpenRouter and at the vendor', () => {
    const prices = parseOpenRouterPrices(body, known);
    expect(prices.get('openrouter\u0000openai/gpt-4o')).toMatchObject({ input: 2.5, output: 10, cachedInput: 1.25 });
    expect(prices.get('openai\u0000gpt-4o')).toMatchObject({ input: 2.5, output: 10 });
    expect(prices.get('anthropic\u0000claude-sonnet-4-5')).toMatchObject({ input: 3, output: 15, cachedInput: 0.3, cacheWrite: 3.75 });
    expect(prices.get('openrouter\u0000meta-llama/llama-3.3-70b-instruct')).toMatchObject({ input: 0, output: 0 });
    expect(prices.size).toBe(4);
  });

  it('ignores a body that is not a model list', () => {
    expect(parseOpenRouterPrices({ error: 'x' }, known).size).toBe(0);
    expect(parseOpenRouterPrices(null, known).size).toBe(0);
  });
});
