import { describe, expect, it } from 'vitest';
import type { DashboardView, ProviderView, UsageTotals } from '../../api/types.js';
import { catalogCounts } from './catalog-counts.js';

function provider(id: string, status: ProviderView['status'], modelCount: number, aliasCount: number): ProviderView {
  return {
    id, displayName: id, dialect: 'openai-compatible', source: 'system', baseUrl: 'http://127.0.0.1', apiKeyEnv: null,
    keySet: false, enabled: true, status, statusDetail: null, headerNames: [], modelCount, aliasCount, discovery: null,
  };
}

const zero: UsageTotals = {
  requests: 0, errors: 0, inputTokens: 0, outputTokens: 0, reasoningTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0,
  costMicros: 0, reportedCostMicros: 0,
};

describe('catalogCounts', () => {
  it('keeps the served counts from the API and sums every provider for the catalog', () => {
    const view: DashboardView = {
      providers: [provider('openai', 'active', 29, 7), provider('google', 'no_key', 9, 5), provider('mistral', 'active', 12, 14)],
      today: zero, month: zero, modelCount: 41, aliasCount: 21,
    };
    expect(catalogCounts(view)).toEqual({
      servedModels: 41, servedAliases: 21, enabledModels: 50, enabledAliases: 26, activeProviders: 2, providers: 3,
    });
  });

  it('counts nothing when there are no providers', () => {
    expect(catalogCounts({ providers: [], today: zero, month: zero, modelCount: 0, aliasCount: 0 })).toMatchObject({
      enabledModels: 0, activeProviders: 0, providers: 0,
    });
  });
});
