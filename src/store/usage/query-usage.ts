import type { Db } from '../database.js';
import type { SqlDialect } from '../sql-dialect.js';
import type {
  BreakdownDimension, BreakdownRow, TimeBucket, TimeSeriesPoint, UsageFacets, UsageFilter, UsageTotals,
} from '../store-types.js';
import { sumUsage } from './sum-usage.js';
import { emptyTotals } from './usage-rows.js';

export async function usageSummary(db: Db, dialect: SqlDialect, filter: UsageFilter): Promise<UsageTotals> {
  const sums = await dialect.readSnapshot(db, (trx) => sumUsage(trx, filter, 'total'));
  return sums.get('') ?? emptyTotals();
}

/** Only buckets with at least one request, oldest first; bucketStart is the UTC hour or day start. */
export async function usageTimeSeries(db: Db, dialect: SqlDialect, filter: UsageFilter, bucket: TimeBucket): Promise<TimeSeriesPoint[]> {
  const sums = await dialect.readSnapshot(db, (trx) => sumUsage(trx, filter, bucket));
  return [...sums.entries()]
    .map(([bucketStart, totals]) => ({ bucketStart: Number(bucketStart), ...totals }))
    .sort((a, b) => a.bucketStart - b.bucketStart);
}

/** Most requests first, ties by key; '' is the key of requests without a provider/model (e.g. unknown model). */
export async function usageBreakdown(
  db: Db, dialect: SqlDialect, filter: UsageFilter, by: BreakdownDimension, limit: number,
): Promise<BreakdownRow[]> {
  const sums = await dialect.readSnapshot(db, (trx) => sumUsage(trx, filter, by));
  return [...sums.entries()]
    .map(([key, totals]) => ({ key: String(key), ...totals }))
    .sort((a, b) => b.requests - a.requests || compareStrings(a.key, b.key))
    .slice(0, Math.max(0, limit));
}

/** Distinct non-empty values in [from, to), sorted, read from the same tables as the breakdowns. */
export async function usageFacets(db: Db, dialect: SqlDialect, from: number, to: number): Promise<UsageFacets> {
  return dialect.readSnapshot(db, async (trx) => {
    const keys = async (by: BreakdownDimension) =>
      [...(await sumUsage(trx, { from, to }, by)).keys()].map(String).filter((key) => key !== '').sort(compareStrings);
    return { tags: await keys('tag'), providers: await keys('provider'), models: await keys('model'), clients: await keys('client') };
  });
}

/** Code-point order, the same on every machine (localeCompare is not). */
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
