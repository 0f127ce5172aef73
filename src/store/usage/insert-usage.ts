import type { Db } from '../database.js';
import type { SqlDialect } from '../sql-dialect.js';
import type { UsageRecordInput } from '../store-types.js';
import { DAY_MS, HOUR_MS } from './time-segments.js';
import { AGGREGATE_KEY, AGGREGATE_SUMS, aggregateRows, tagSetKey, toUsageRow } from './usage-rows.js';

/**
 * Rows per INSERT statement. usage_records has 25 columns: 400 rows = 10,000 bound values, well under SQLite's
 * 32,766 and PostgreSQL's 65,535 parameter limits.
 */
const ROWS_PER_STATEMENT = 400;

/**
 * One transaction: the records, their tag rows, the tag-set memberships and the hourly and daily aggregates.
 * Either all of it lands or none, so the aggregates always equal the sum of the raw records.
 */
export async function insertUsage(db: Db, dialect: SqlDialect, records: readonly UsageRecordInput[]): Promise<void> {
  if (records.length === 0) return;
  // Requests of one client mostly repeat the same tag list: compute each set's key once.
  const keyOfList = new Map<string, string>();
  const tagSetKeys = records.map((record) => {
    const list = JSON.stringify(record.tags);
    let key = keyOfList.get(list);
    if (key === undefined) keyOfList.set(list, (key = tagSetKey(record.tags)));
    return key;
  });
  // Sorted like the aggregate rows: concurrent PostgreSQL writers then take row locks in the same order
  // (tag sets, then hourly, then daily rows), so they can wait for each other but never deadlock.
  const tagSets = [...new Set(keyOfList.values())].sort();
  const hourly = aggregateRows(records, tagSetKeys, HOUR_MS);
  const daily = aggregateRows(records, tagSetKeys, DAY_MS);

  await dialect.writeTransaction(db, async (trx) => {
    const ids = await dialect.allocateUsageIds(trx, records.length);
    const rows = records.map((record, index) => toUsageRow(record, ids[index]!));
    for (const chunk of chunks(rows, ROWS_PER_STATEMENT)) await trx.insertInto('usage_records').values(chunk).execute();

    const tagRows = rows.flatMap((row, index) =>
      [...new Set(records[index]!.tags)].map((tag) => ({ record_id: row.id, tag })));
    for (const chunk of chunks(tagRows, ROWS_PER_STATEMENT * 5)) {
      await trx.insertInto('usage_record_tags').values(chunk).execute();
    }

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
