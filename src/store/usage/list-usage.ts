import type { Db } from '../database.js';
import type { SqlDialect } from '../sql-dialect.js';
import type { RecentPage, UsageFilter, UsageRecord } from '../store-types.js';
import { sumUsage } from './sum-usage.js';
import { fromUsageRow } from './usage-rows.js';
import { filterConditions, rawSource } from './usage-sources.js';

const EXPORT_PAGE_SIZE = 500;

function matching(db: Db, filter: UsageFilter) {
  return db.selectFrom('usage_records as u')
    .where('u.time', '>=', filter.from)
    .where('u.time', '<', filter.to)
    .where(filterConditions(rawSource, filter));
}

/** One page of matching records, newest first (ties by id), and how many match in all (= the summary's requests). */
export async function recentUsage(
  db: Db, dialect: SqlDialect, filter: UsageFilter, page: { limit: number; offset: number },
): Promise<RecentPage> {
  return dialect.readSnapshot(db, async (trx) => {
    const rows = await matching(trx, filter)
      .selectAll('u')
      .orderBy('u.time', 'desc').orderBy('u.id', 'desc')
      .limit(Math.max(0, page.limit)).offset(Math.max(0, page.offset))
      .execute();
    // The count comes from the aggregates (raw rows only at ragged edges), like the summary: counting raw rows
    // joined to their tags took ~0.6 s over 90 days of a million records (bench/usage-scale.ts).
    const total = (await sumUsage(trx, filter, 'total')).get('')?.requests ?? 0;
    return { rows: rows.map(fromUsageRow), total };
  });
}

/**
 * Every matching record, newest first, fetched EXPORT_PAGE_SIZE at a time by keyset (time, id) rather than
 * OFFSET, so memory stays bounded and each page is an index range scan however deep the export goes.
 */
export async function* iterateUsage(db: Db, filter: UsageFilter): AsyncGenerator<UsageRecord> {
  let after: { time: number; id: number } | undefined;
  for (;;) {
    const cursor = after;
    let query = matching(db, filter).selectAll('u');
    if (cursor) {
      query = query.where((eb) => eb.or([
        eb('u.time', '<', cursor.time),
        eb.and([eb('u.time', '=', cursor.time), eb('u.id', '<', cursor.id)]),
      ]));
    }
    const rows = await query.orderBy('u.time', 'desc').orderBy('u.id', 'desc').limit(EXPORT_PAGE_SIZE).execute();
    for (const row of rows) yield fromUsageRow(row);
    const last = rows.at(-1);
    if (rows.length < EXPORT_PAGE_SIZE || !last) return;
    after = { time: Number(last.time), id: Number(last.id) };
  }
}
