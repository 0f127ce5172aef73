import { DAY_MS, HOUR_MS } from './time-segments.js';
import { bulkInsert, onConflictAdd, onConflictDoNothing, type BulkColumn } from './bulk-insert.js';
import { AGGREGATE_KEY, AGGREGATE_SUMS, aggregateRows, ROW, USAGE_RECORD_COLUMNS, type UsageRow } from './usage-rows.js';
import type { UsageWriteConnection } from './usage-write-connection.js';

const TAG_SET_COLUMNS: readonly BulkColumn[] = [['tag_set', 'text'], ['tag', 'text']];
const TAG_SET_CONFLICT = onConflictDoNothing(['tag_set', 'tag']);
/** Aggregate rows as value arrays (aggregateValues), key first: built as SQL text once, like the record insert. */
const AGGREGATE_COLUMNS: readonly BulkColumn[] = [
  ...AGGREGATE_KEY.map((name): BulkColumn => [name, name === 'bucket_start' ? 'bigint' : 'text']),
  ...AGGREGATE_SUMS.map((name): BulkColumn => [name, 'bigint']),
];
const AGGREGATE_CONFLICT = {
  usage_hourly: onConflictAdd('usage_hourly', AGGREGATE_KEY, AGGREGATE_SUMS),
  usage_daily: onConflictAdd('usage_daily', AGGREGATE_KEY, AGGREGATE_SUMS),
};

function aggregateValues(row: ReturnType<typeof aggregateRows>[number]): unknown[] {
  return [...AGGREGATE_KEY.map((name) => row[name]), ...AGGREGATE_SUMS.map((name) => row[name])];
}

/**
 * One transaction: the records (usageRows; each with its tag set), the tag-set memberships and the hourly and daily
 * aggregates. Either all of it lands or none, so the aggregates always equal the sum of the raw records.
 */
export async function insertUsage(connection: UsageWriteConnection, rows: readonly UsageRow[]): Promise<void> {
  if (rows.length === 0) return;
  // Sorted like the aggregate rows: concurrent PostgreSQL writers then take row locks in the same order
  // (tag sets, then hourly, then daily rows), so they can wait for each other but never deadlock.
  const tagSets = [...new Set(rows.map((row) => row[ROW.tagSet]))].sort();
  const hourly = aggregateRows(rows, HOUR_MS);
  const daily = aggregateRows(rows, DAY_MS);

  const { dialect } = connection;
  await connection.writeTransaction(async (run) => {
    await bulkInsert(run, dialect, 'usage_records', USAGE_RECORD_COLUMNS, rows);

    const memberships = tagSets.flatMap((tagSet) => (JSON.parse(tagSet) as string[]).map((tag) => [tagSet, tag]));
    await bulkInsert(run, dialect, 'usage_tag_sets', TAG_SET_COLUMNS, memberships, TAG_SET_CONFLICT);
    await bulkInsert(run, dialect, 'usage_hourly', AGGREGATE_COLUMNS, hourly.map(aggregateValues), AGGREGATE_CONFLICT.usage_hourly);
    await bulkInsert(run, dialect, 'usage_daily', AGGREGATE_COLUMNS, daily.map(aggregateValues), AGGREGATE_CONFLICT.usage_daily);
  });
}
