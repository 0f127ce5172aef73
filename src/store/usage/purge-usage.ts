import type { Db } from '../database.js';
import type { SqlDialect } from '../sql-dialect.js';
import { DAY_MS, floorTo } from './time-segments.js';

/** Upper bound on ids bound into one DELETE, well under SQLite's 32,766 parameters. */
const MAX_BATCH = 10_000;

/**
 * Deletes usage older than `before`, rounded down to a UTC day so the raw records, the hourly and the daily
 * aggregates lose exactly the same stretch of time and keep agreeing. Each batch is its own short transaction,
 * so a large purge never holds the write lock for long. Returns the number of raw records deleted.
 *
 * usage_tag_sets is left alone: it holds one row per distinct tag set ever seen (a handful), and removing a set
 * while a concurrent insert reuses it would hide that insert from tag filters.
 */
export async function purgeUsage(db: Db, dialect: SqlDialect, before: number, batchSize: number): Promise<number> {
  const cutoff = floorTo(before, DAY_MS);
  const size = Math.min(MAX_BATCH, Math.max(1, Math.floor(batchSize)));
  let deleted = 0;
  for (;;) {
    const count = await dialect.writeTransaction(db, async (trx) => {
      const rows = await trx.selectFrom('usage_records').select('id')
        .where('time', '<', cutoff).orderBy('id').limit(size).execute();
      const ids = rows.map((row) => Number(row.id));
      if (ids.length === 0) return 0;
      await trx.deleteFrom('usage_records').where('id', 'in', ids).execute();
      return ids.length;
    });
    deleted += count;
    if (count < size) break;
  }
  for (const table of ['usage_hourly', 'usage_daily'] as const) {
    for (;;) {
      const result = await db.deleteFrom(table)
        .where('id', 'in', db.selectFrom(table).select('id').where('bucket_start', '<', cutoff).limit(size))
        .executeTakeFirst();
      if (Number(result.numDeletedRows) < size) break;
    }
  }
  return deleted;
}
