import type { ModelPrice } from '../core/model-info.js';
import type { Usage } from '../core/usage.js';
import type { CostSource } from '../store/store-types.js';

export type Cost = { costMicros: number | null; costSource: CostSource };

const NO_COST: Cost = { costMicros: null, costSource: 'none' };

/**
 * A rate in USD per million tokens is exactly micro-dollars per token. Rates are scaled to integers (1e-6 USD per
 * million tokens, finer than any real price) so the sum is exact and the one rounding at the end never trips over
 * binary fractions (0.1 + 0.2).
 */
const RATE_SCALE = 1_000_000;

function scaledRate(rate: number): number {
  return Math.round(rate * RATE_SCALE);
}

/**
 * The cost of one request in integer micro-dollars (half up), from what the provider reported or from the model's
 * rates.
 * - `usage.reportedCostUsd` (OpenRouter's actual charge) wins: source `reported`.
 * - Otherwise, with a price and at least one token count: source `computed`. `inputTokens` includes cache reads and
 *   writes, so cache reads are billed at `cachedInput`, cache writes at `cacheWrite` (each falling back to the input
 *   rate when the catalog has none) and the rest at `input`; `outputTokens` (reasoning included) at `output`.
 *   A count that was not reported adds nothing (embeddings report input tokens only).
 * - No price (a passthrough model) or no token counts: `null`, source `none`. A price of 0 is a real price: cost 0.
 */
export function computeCost(price: ModelPrice | undefined, usage: Usage | undefined): Cost {
  if (usage?.reportedCostUsd !== undefined && Number.isFinite(usage.reportedCostUsd)) {
    // toPrecision drops binary noise first (0.0001235 * 1e6 is 123.49999999999999), so half up stays half up.
    return { costMicros: Math.round(Number((usage.reportedCostUsd * 1_000_000).toPrecision(12))), costSource: 'reported' };
  }
  if (price === undefined || usage === undefined) return NO_COST;
  const { inputTokens, outputTokens } = usage;
  if (inputTokens === undefined && outputTokens === undefined) return NO_COST;

  const cacheRead = usage.cacheReadTokens ?? 0;
  const cacheWrite = usage.cacheWriteTokens ?? 0;
  const input = scaledRate(price.input);
  // Providers count cache tokens inside the input total; never bill a negative remainder if one miscounts.
  const uncached = Math.max(0, (inputTokens ?? 0) - cacheRead - cacheWrite);
  const scaled =
    uncached * input +
    cacheRead * (price.cachedInput === undefined ? input : scaledRate(price.cachedInput)) +
    cacheWrite * (price.cacheWrite === undefined ? input : scaledRate(price.cacheWrite)) +
    (outputTokens ?? 0) * scaledRate(price.output);
  return { costMicros: Math.round(scaled / RATE_SCALE), costSource: 'computed' };
}
