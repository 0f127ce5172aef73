import type { Db, UsageRecordsTable } from '../database.js';
import type { SqlDialect } from '../sql-dialect.js';
import type { UsageRecordInput } from '../store-types.js';
import { DAY_MS, HOUR_MS } from './time-segments.js';
import { AGGREGATE_KEY, AGGREGATE_SUMS, aggregateRows, tagSetKey, toUsageRow } from './usage-rows.js';

/** Rows per INSERT statement (aggregates and tag sets: bound values stay far under both databases' limits). */
const ROWS_PER_STATEMENT = 400;
/** Raw records and tag rows go as one JSON document per statement (SqlDialect.insertJsonRows), a few hundred KB. */
const JSON_ROWS_PER_STATEMENT = 2_000;
const RECORD_COLUMNS = [
  'id', 'time', 'surface', 'endpoint', 'requested_model', 'provider', 'upstream_model', 'tags', 'client_ip',
  'client_host', 'user_agent', 'stream', 'status', 'error_kind', 'is_error', 'input_tokens', 'output_tokens',
  'reasoning_tokens', 'cache_read_tokens', 'cache_write_tokens', 'latency_ms', 'ttft_ms', 'cost_micros', 'cost_source',
] as const satisfies ReadonlyArray<keyof UsageRecordsTable>;
const TAG_COLUMNS = ['record_id', 'tag'] as const;

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
    for (const chunk of chunks(rows, JSON_ROWS_PER_STATEMENT)) {
      await dialect.insertJsonRows(trx, 'usage_records', RECORD_COLUMNS, chunk);
    }

    const tagRows = rows.flatMap((row, index) =>
      [...new Set(records[index]!.tags)].map((tag) => ({ record_id: row.id, tag })));
    for (const chunk of chunks(tagRows, JSON_ROWS_PER_STATEMENT)) {
      await dialect.insertJsonRows(trx, 'usage_record_tags', TAG_COLUMNS, chunk);
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
