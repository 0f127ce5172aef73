import type { UsageQuery } from './usage-api.js';
import type { BreakdownDimension, TimeBucket } from './types.js';

/** Every TanStack Query key in one place, so that mutations invalidate exactly what they change. */
export const queryKeys = {
  session: ['session'] as const,
  dashboard: ['dashboard'] as const,
  providers: ['providers'] as const,
  models: ['models'] as const,
  aliases: ['aliases'] as const,
  settings: ['settings'] as const,
  usage: ['usage'] as const,
  usageSummary: (query: UsageQuery) => ['usage', 'summary', query] as const,
  usageTimeSeries: (query: UsageQuery, bucket: TimeBucket) => ['usage', 'timeseries', bucket, query] as const,
  usageBreakdown: (query: UsageQuery, by: BreakdownDimension, limit: number) => ['usage', 'breakdown', by, limit, query] as const,
  usageRequests: (query: UsageQuery, limit: number, offset: number) => ['usage', 'requests', limit, offset, query] as const,
  usageFacets: (from: number, to: number) => ['usage', 'facets', from, to] as const,
};
