import type { Db } from '../database.js';
import type { SqlDialect } from '../sql-dialect.js';
import type { UsageRecordInput } from '../store-types.js';
import { DAY_MS, HOUR_MS } from './time-segments.js';
import { bulkInsert } from './bulk-insert.js';
import { AGGREGATE_KEY, AGGREGATE_SUMS, aggregateRows, tagSetKey, USAGE_RECORD_COLUMNS, usageRowValues } from './usage-rows.js';

/** Rows per INSERT statement for tag sets and aggregates (few per batch), far under both parameter limits. */
const ROWS_PER_STATEMENT = 400;

/**
 * One transaction: the records (each with its tag set), the tag-set memberships and the hourly and daily
 * aggregates. Either all of it lands or none, so the aggregates always equal the sum of the raw records.
 */
export async function insertUsage(db: Db, dialect: SqlDialect, records: readonly UsageRecordInput[]): Promise<void> {
  if (records.length === 0) return;
  // Requests of one client mostly repeat the same tag list: compute each list's set key once.
  const keyOfList = new Map<string, string>();
  const rows: unknown[][] = [];
  const tagSetKeys = records.map((record) => {
    const list = JSON.stringify(record.tags);
    let key = keyOfList.get(list);
    if (key === undefined) keyOfList.set(list, (key = tagSetKey(record.tags)));
    rows.push(usageRowValues(record, list, key));
    return key;
  });
  // Sorted like the aggregate rows: concurrent PostgreSQL writers then take row locks in the same order
  // (tag sets, then hourly, then daily rows), so they can wait for each other but never deadlock.
  const tagSets = [...new Set(keyOfList.values())].sort();
  const hourly = aggregateRows(records, tagSetKeys, HOUR_MS);
  const daily = aggregateRows(records, tagSetKeys, DAY_MS);

  await dialect.writeTransaction(db, async (trx) => {
    await bulkInsert(trx, dialect, 'usage_records', USAGE_RECORD_COLUMNS, rows);

    const memberships = tagSets.flatMap((tagSet) =>
      (JSON.parse(tagSet) as string[]).map((tag) => ({ tag_set: tagSet, tag })));
    for (const chunk of chunks(memberships, ROWS_PER_STATEMENT * 5)) {
      await trx.insertInto('usage_tag_sets').values(chunk)
        .onConflict((conflict) => conflict.columns(['tag_set', 'tag']).doNothing())
        .execute();
    }

    for (const [table, aggregates] of [['usage_hourly', hourly], ['usage_daily', daily]] as const) {
      for (const chunk of chunks(aggregates, ROWS_PER_STATEMENT)) {
        await trx.insertInto(table).values(chunk)
          .onConflict((conflict) => conflict.columns([...AGGREGATE_KEY]).doUpdateSet((eb) =>
            Object.fromEntries(AGGREGATE_SUMS.map((column) =>
              [column, eb(eb.ref(`${table}.${column}`), '+', eb.ref(`excluded.${column}`))]))))
          .execute();
      }
    }
  });
}

function* chunks<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let start = 0; start < items.length; start += size) yield items.slice(start, start + size);
}
