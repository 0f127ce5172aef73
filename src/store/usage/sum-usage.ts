import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../database.js';
import type { BreakdownDimension, UsageFilter, UsageTotals } from '../store-types.js';
import { DAY_MS, HOUR_MS, splitTimeRange, type TimeSegment } from './time-segments.js';
import { addTotals, emptyTotals } from './usage-rows.js';
import { aggregateSource, clientKey, filterConditions, modelKey, rawSource, type UsageSource } from './usage-sources.js';

/** What the totals are grouped by: nothing, a time bucket (key = bucket start), or a breakdown dimension. */
export type UsageGrouping = 'total' | 'hour' | 'day' | BreakdownDimension;

type SumRow = {
  group_key: string | number;
  requests: number | string;
  errors: number | string;
  input_tokens: number | string;
  output_tokens: number | string;
  reasoning_tokens: number | string;
  cache_read_tokens: number | string;
  cache_write_tokens: number | string;
  cost_micros: number | string;
  reported_cost_micros: number | string;
};

/**
 * UsageTotals for the filter, grouped. The range is split into raw edges and whole hourly/daily buckets
 * (time-segments.ts); each segment is summed by the table that holds it and the results are added per key,
 * which is exact because the segments are disjoint and every table counts a request the same way
 * (usage-sources.ts). Run it inside one read snapshot so the segments agree.
 */
export async function sumUsage(db: Db, filter: UsageFilter, grouping: UsageGrouping): Promise<Map<string | number, UsageTotals>> {
  const result = new Map<string | number, UsageTotals>();
  // Hourly series cannot use daily rows; everything else takes the coarsest whole buckets available.
  const segments = splitTimeRange(filter.from, filter.to, grouping === 'hour' ? 'hourly' : 'daily');
  for (const segment of segments) {
    const rows = await sumSegment(db, segment, filter, grouping);
    for (const row of rows) {
      const key = grouping === 'hour' || grouping === 'day' ? Number(row.group_key) : String(row.group_key);
      // A query without GROUP BY answers one all-zero row when nothing matched: not a data point.
      if (Number(row.requests) === 0) continue;
      let totals = result.get(key);
      if (!totals) result.set(key, (totals = emptyTotals()));
      addTotals(totals, toTotals(row));
    }
  }
  return result;
}

async function sumSegment(db: Db, segment: TimeSegment, filter: UsageFilter, grouping: UsageGrouping): Promise<SumRow[]> {
  const source = segment.source === 'raw' ? rawSource
    : aggregateSource(segment.source === 'hourly' ? 'usage_hourly' : 'usage_daily');
  const key = groupKey(source, grouping);
  // One SQL template rather than the query builder: the table, the optional tag join and the group expression
  // all vary by segment, which the builder's types can only express as separate queries.
  const query = sql<SumRow>`
    select ${key ?? sql.lit('')} as group_key, ${source.sums}
    from ${source.table} ${grouping === 'tag' ? source.tagJoin : sql``}
    where ${source.time} >= ${segment.from} and ${source.time} < ${segment.to}
      and ${filterConditions(source, filter)}
    ${key ? sql`group by ${key}` : sql``}`;
  return (await query.execute(db)).rows;
}

/** The grouping expression; undefined for grand totals. Never holds bound values (PostgreSQL needs the GROUP BY
 *  expression to be identical to the selected one, and two bound parameters are never identical). */
function groupKey(source: UsageSource, grouping: UsageGrouping): RawBuilder<unknown> | undefined {
  switch (grouping) {
    case 'total': return undefined;
    case 'hour': return bucketOf(source.time, HOUR_MS);
    case 'day': return bucketOf(source.time, DAY_MS);
    case 'tag': return sql`g.tag`;
    case 'provider': return source.provider;
    case 'model': return modelKey(source);
    case 'client': return clientKey(source);
    default: {
      const exhaustive: never = grouping;
      throw new Error(`unknown usage grouping ${String(exhaustive)}`);
    }
  }
}

function bucketOf(time: RawBuilder<number>, unit: number): RawBuilder<number> {
  return sql<number>`${time} - (${time} % ${sql.lit(unit)})`;
}

function toTotals(row: SumRow): UsageTotals {
  return {
    requests: Number(row.requests),
    errors: Number(row.errors),
    inputTokens: Number(row.input_tokens),
    outputTokens: Number(row.output_tokens),
    reasoningTokens: Number(row.reasoning_tokens),
    cacheReadTokens: Number(row.cache_read_tokens),
    cacheWriteTokens: Number(row.cache_write_tokens),
    costMicros: Number(row.cost_micros),
    reportedCostMicros: Number(row.reported_cost_micros),
  };
}
