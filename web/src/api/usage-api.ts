import { apiRequest, apiUrl, type QueryParams } from './client.js';
import type {
  BreakdownDimension, TimeBucket, UsageBreakdown, UsageFacetsView, UsageRequests, UsageTimeSeries, UsageTotals,
} from './types.js';

/** The filters every /api/usage route takes: [from, to) in epoch ms and lists matched with OR inside a list. */
export type UsageQuery = {
  from: number;
  to: number;
  tags: readonly string[];
  providers: readonly string[];
  models: readonly string[];
  clients: readonly string[];
};

function params(query: UsageQuery): QueryParams {
  return {
    from: query.from,
    to: query.to,
    tags: query.tags,
    providers: query.providers,
    models: query.models,
    clients: query.clients,
  };
}

export function getUsageSummary(query: UsageQuery, signal?: AbortSignal): Promise<UsageTotals> {
  return apiRequest<UsageTotals>('/api/usage/summary', { query: params(query), signal });
}

export function getUsageTimeSeries(query: UsageQuery, bucket: TimeBucket, signal?: AbortSignal): Promise<UsageTimeSeries> {
  return apiRequest<UsageTimeSeries>('/api/usage/timeseries', { query: { ...params(query), bucket }, signal });
}

export function getUsageBreakdown(
  query: UsageQuery, by: BreakdownDimension, limit: number, signal?: AbortSignal,
): Promise<UsageBreakdown> {
  return apiRequest<UsageBreakdown>('/api/usage/breakdown', { query: { ...params(query), by, limit }, signal });
}

export function getUsageRequests(
  query: UsageQuery, limit: number, offset: number, signal?: AbortSignal,
): Promise<UsageRequests> {
  return apiRequest<UsageRequests>('/api/usage/requests', { query: { ...params(query), limit, offset }, signal });
}

export function getUsageFacets(query: Pick<UsageQuery, 'from' | 'to'>, signal?: AbortSignal): Promise<UsageFacetsView> {
  return apiRequest<UsageFacetsView>('/api/usage/facets', { query: { from: query.from, to: query.to }, signal });
}

/** A plain link: the browser downloads it with the session cookie. */
export function usageExportUrl(query: UsageQuery): string {
  return apiUrl('/api/usage/export.csv', params(query));
}
