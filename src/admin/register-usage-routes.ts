import { Readable } from 'node:stream';
import type { BreakdownRow, RecentPage, UsageFacets, UsageTimeSeries, UsageTotals } from './admin-api-types.js';
import type { AdminContext } from './admin-context.js';
import { z } from 'zod';
import {
  breakdownRowSchema, recentPageSchema, usageFacetsSchema, usageTimeSeriesSchema, usageTotalsSchema,
} from './admin-response-schemas.js';
import { usageCsvChunks } from './usage-csv.js';
import {
  breakdownQuerySchema, defaultBucket, requestsQuerySchema, timeSeriesQuerySchema, toUsageFilter, usageFilterQuerySchema,
} from './usage-query.js';

/** `2026-08-14` in the server's time zone, for file names. */
function localDate(time: number): string {
  const date = new Date(time);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** Usage: summary, time series, breakdowns, recent requests, facets, CSV export; all with the same filters. */
export function registerUsageRoutes({ router, deps }: AdminContext): void {
  const { store } = deps;

  router.add({
    method: 'GET',
    url: '/api/usage/summary',
    operationId: 'getUsageSummary',
    summary: 'Totals for the filtered requests',
    tag: 'usage',
    auth: 'session',
    query: usageFilterQuerySchema,
    response: { status: 200, description: 'Totals', schema: usageTotalsSchema },
    handler: async ({ query }): Promise<UsageTotals> => store.usageSummary(toUsageFilter(query, Date.now())),
  });

  router.add({
    method: 'GET',
    url: '/api/usage/timeseries',
    operationId: 'getUsageTimeSeries',
    summary: 'Totals per hour or day',
    tag: 'usage',
    auth: 'session',
    query: timeSeriesQuerySchema,
    response: { status: 200, description: 'Buckets', schema: usageTimeSeriesSchema },
    handler: async ({ query }): Promise<UsageTimeSeries> => {
      const filter = toUsageFilter(query, Date.now());
      const bucket = query.bucket ?? defaultBucket(filter);
      return { bucket, points: await store.usageTimeSeries(filter, bucket) };
    },
  });

  router.add({
    method: 'GET',
    url: '/api/usage/breakdown',
    operationId: 'getUsageBreakdown',
    summary: 'Totals by tag, provider, model or client (a request with two tags counts once for each)',
    tag: 'usage',
    auth: 'session',
    query: breakdownQuerySchema,
    response: { status: 200, description: 'Rows, largest first', schema: z.array(breakdownRowSchema) },
    handler: async ({ query }): Promise<BreakdownRow[]> => store.usageBreakdown(toUsageFilter(query, Date.now()), query.by, query.limit),
  });

  router.add({
    method: 'GET',
    url: '/api/usage/requests',
    operationId: 'listUsageRequests',
    summary: 'Recent requests, newest first, with paging',
    tag: 'usage',
    auth: 'session',
    query: requestsQuerySchema,
    response: { status: 200, description: 'One page', schema: recentPageSchema },
    handler: async ({ query }): Promise<RecentPage> =>
      store.recentUsage(toUsageFilter(query, Date.now()), { limit: query.limit, offset: query.offset }),
  });

  router.add({
    method: 'GET',
    url: '/api/usage/facets',
    operationId: 'getUsageFacets',
    summary: 'Distinct tags, providers, models and clients in the range (for filter pickers)',
    tag: 'usage',
    auth: 'session',
    query: usageFilterQuerySchema,
    response: { status: 200, description: 'Values', schema: usageFacetsSchema },
    handler: async ({ query }): Promise<UsageFacets> => {
      const filter = toUsageFilter(query, Date.now());
      return store.usageFacets(filter.from, filter.to);
    },
  });

  router.add({
    method: 'GET',
    url: '/api/usage/export.csv',
    operationId: 'exportUsageCsv',
    summary: 'The filtered requests as CSV (streamed)',
    tag: 'usage',
    auth: 'session',
    query: usageFilterQuerySchema,
    response: { status: 200, description: 'CSV with a header row', contentType: 'text/csv' },
    handler: async ({ query, reply }) => {
      const filter = toUsageFilter(query, Date.now());
      const fileName = `switchboard-usage-${localDate(filter.from)}-to-${localDate(filter.to - 1)}.csv`;
      return reply
        .code(200)
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${fileName}"`)
        .send(Readable.from(usageCsvChunks(store.iterateUsage(filter)), { objectMode: false }));
    },
  });
}
