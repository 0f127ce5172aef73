import { z } from 'zod';
import type { TimeBucket, UsageFilter } from '../store/store.js';
import { AdminError } from './admin-error.js';

/**
 * The query-string filters every /api/usage route shares: from, to (epoch ms; from inclusive, to exclusive; default
 * the last 24 hours), and tags, providers, models, clients as comma-separated lists (a repeated parameter works too).
 */
const DAY_MS = 86_400_000;

function splitList(value: string | string[]): string[] {
  const parts = (Array.isArray(value) ? value : [value]).flatMap((item) => item.split(','));
  return [...new Set(parts.map((part) => part.trim()).filter((part) => part !== ''))];
}

const epochMs = z.string().regex(/^\d{1,15}$/, 'epoch milliseconds').transform(Number);
const commaList = z
  .union([z.string(), z.array(z.string())])
  .meta({ description: 'comma-separated list' })
  .transform(splitList)
  .pipe(z.array(z.string().max(300)).max(500));

export const usageFilterQuerySchema = z.object({
  from: epochMs.optional().meta({ description: 'epoch ms, inclusive; default: `to` minus 24 hours' }),
  to: epochMs.optional().meta({ description: 'epoch ms, exclusive; default: now' }),
  tags: commaList.optional(),
  providers: commaList.optional(),
  models: commaList.optional().meta({ description: 'comma-separated `provider/model` or bare model ids' }),
  clients: commaList.optional().meta({ description: 'comma-separated client IPs or hostnames' }),
});
export type UsageFilterQuery = z.infer<typeof usageFilterQuerySchema>;

const positiveLimit = (fallback: number, max: number) =>
  z.string().regex(/^\d{1,6}$/, 'a whole number').transform(Number).pipe(z.int().min(1).max(max)).default(fallback).meta({ description: `rows, 1 to ${max}; default ${fallback}` });

export const timeSeriesQuerySchema = usageFilterQuerySchema.extend({
  bucket: z.enum(['hour', 'day']).optional().meta({ description: 'default: hour for ranges up to 3 days, else day' }),
});
export const breakdownQuerySchema = usageFilterQuerySchema.extend({
  by: z.enum(['tag', 'provider', 'model', 'client']),
  limit: positiveLimit(50, 1000),
});
export const requestsQuerySchema = usageFilterQuerySchema.extend({
  limit: positiveLimit(50, 500),
  offset: z.string().regex(/^\d{1,9}$/, 'a whole number').transform(Number).default(0).meta({ description: 'rows to skip; default 0' }),
});

export function toUsageFilter(query: UsageFilterQuery, now: number): UsageFilter {
  const to = query.to ?? now;
  const from = query.from ?? to - DAY_MS;
  if (from >= to) throw new AdminError('invalid_request', "invalid query parameter 'from': must be before 'to'");
  const filter: UsageFilter = { from, to };
  if (query.tags?.length) filter.tags = query.tags;
  if (query.providers?.length) filter.providers = query.providers;
  if (query.models?.length) filter.models = query.models;
  if (query.clients?.length) filter.clients = query.clients;
  return filter;
}

export function defaultBucket(filter: UsageFilter): TimeBucket {
  return filter.to - filter.from <= 3 * DAY_MS ? 'hour' : 'day';
}

/** Midnight today and the first of this month, in the server's time zone (TZ), for "today" and "this month". */
export function calendarRanges(now: number): { today: UsageFilter; month: UsageFilter } {
  const date = new Date(now);
  const startOfDay = new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime();
  const startOfMonth = new Date(date.getFullYear(), date.getMonth(), 1).getTime();
  const end = now + 1;
  return { today: { from: startOfDay, to: end }, month: { from: startOfMonth, to: end } };
}
