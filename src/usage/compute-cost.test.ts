import { describe, expect, it } from 'vitest';
import type { ModelPrice } from '../core/model-info.js';
import { computeCost } from './compute-cost.js';

function price(rates: Partial<ModelPrice> & { input: number; output: number }): ModelPrice {
  return { source: 'test', checkedAt: '2026-01-01', ...rates };
}

describe('computeCost', () => {
  it('bills input and output at their rates: micro-dollars = tokens x USD per million', () => {
    // gpt-4o: $2.50 in, $10 out per million → 1,000 x 2.5 + 500 x 10 = 7,500 µ$
    expect(computeCost(price({ input: 2.5, output: 10 }), { inputTokens: 1000, outputTokens: 500 })).toEqual({ costMicros: 7500, costSource: 'computed' });
  });

  it('bills cache reads at the cached-input rate and cache writes at the cache-write rate', () => {
    // 10,000 input of which 6,000 cache reads and 1,000 cache writes; 2,000 output (reasoning included)
    // uncached 3,000 x 3 = 9,000; reads 6,000 x 0.3 = 1,800; writes 1,000 x 3.75 = 3,750; output 2,000 x 15 = 30,000
    const cost = computeCost(price({ input: 3, output: 15, cachedInput: 0.3, cacheWrite: 3.75 }), {
      inputTokens: 10_000, cacheReadTokens: 6000, cacheWriteTokens: 1000, outputTokens: 2000, reasoningTokens: 1500,
    });
    expect(cost).toEqual({ costMicros: 44_550, costSource: 'computed' });
  });

  it('falls back to the input rate for cache tokens when the model has no cache rates', () => {
    expect(computeCost(price({ input: 2, output: 8 }), { inputTokens: 100, cacheReadTokens: 40, outputTokens: 10 }).costMicros).toBe(280);
  });

  it('rounds once, at the end, half up, without binary-fraction drift', () => {
    // 3 x 0.1 + 3 x 0.2 = 0.9 → 1 (floats: 0.30000000000000004 + 0.6000000000000001)
    expect(computeCost(price({ input: 0.1, output: 0.2 }), { inputTokens: 3, outputTokens: 3 }).costMicros).toBe(1);
    // 1 x 0.25 + 1 x 0.25 = 0.5 → 1; rounding each part first would give 0
    expect(computeCost(price({ input: 0.25, output: 0.25 }), { inputTokens: 1, outputTokens: 1 }).costMicros).toBe(1);
    // 7 x 0.15 = 1.05 + 0 → 1
    expect(computeCost(price({ input: 0.15, output: 0.6 }), { inputTokens: 7, outputTokens: 0 }).costMicros).toBe(1);
    // 1 x 124.5 = 124.5 exactly → 125 (float 0.0001245 x 1e6 would be 124.49999999999999)
    expect(computeCost(price({ input: 124.5, output: 0 }), { inputTokens: 1, outputTokens: 0 }).costMicros).toBe(125);
  });

  it('treats 0 as a real price', () => {
    expect(computeCost(price({ input: 0, output: 0 }), { inputTokens: 5000, outputTokens: 5000 })).toEqual({ costMicros: 0, costSource: 'computed' });
  });

  it('prefers the cost the provider reported (OpenRouter usage.cost)', () => {
    expect(computeCost(price({ input: 2.5, output: 10 }), { inputTokens: 1000, outputTokens: 500, reportedCostUsd: 0.0081234 }))
      .toEqual({ costMicros: 8123, costSource: 'reported' });
    expect(computeCost(undefined, { reportedCostUsd: 0.0001245 })).toEqual({ costMicros: 125, costSource: 'reported' });
    expect(computeCost(undefined, { reportedCostUsd: 0 })).toEqual({ costMicros: 0, costSource: 'reported' });
  });

  it('has no cost without a price or without token counts', () => {
    expect(computeCost(undefined, { inputTokens: 10, outputTokens: 10 })).toEqual({ costMicros: null, costSource: 'none' });
    expect(computeCost(price({ input: 1, output: 1 }), {})).toEqual({ costMicros: null, costSource: 'none' });
    expect(computeCost(price({ input: 1, output: 1 }), undefined)).toEqual({ costMicros: null, costSource: 'none' });
  });

  it('bills embeddings, which report input tokens only', () => {
    // text-embedding-3-small: $0.02 per million → 12,345 tokens = 246.9 → 247
    expect(computeCost(price({ input: 0.02, output: 0 }), { inputTokens: 12_345 })).toEqual({ costMicros: 247, costSource: 'computed' });
  });

  it('never bills a negative uncached remainder when a provider miscounts cache tokens', () => {
    expect(computeCost(price({ input: 1, output: 1, cachedInput: 0.5 }), { inputTokens: 10, cacheReadTokens: 20, outputTokens: 0 }).costMicros).toBe(10);
  });
});
