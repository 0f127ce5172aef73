import { sql } from 'kysely';
import type { Db } from '../database.js';
import type { SqlDialect } from '../sql-dialect.js';

/**
 * Raw records carry their tag set (the aggregates' key: JSON of the distinct tags, sorted) instead of one
 * usage_record_tags row per tag. Tag filters and the tag breakdown over raw records then go through usage_tag_sets
 * exactly as over the aggregates, and writing a request costs one row instead of two or more (each with a foreign-key
 * check), with no ids to allocate first: the usage writer's largest remaining cost (bench/, issue 4).
 *
 * The backfill runs one UPDATE per distinct tag list (requests repeat a handful of them). The key is computed here,
 * not imported, so this migration keeps meaning what it meant when it shipped.
 */
export async function up(db: Db, dialect: SqlDialect): Promise<void> {
  await db.schema.alterTable('usage_records')
    .addColumn('tag_set', 'text', (col) => col.notNull().defaultTo(''))
    .execute();
  const lists = await db.selectFrom('usage_records').select('tags').distinct().execute();
  for (const { tags } of lists) {
    const distinctSorted = [...new Set(JSON.parse(tags) as string[])].sort();
    const tagSet = JSON.stringify(distinctSorted);
    await db.updateTable('usage_records').set({ tag_set: tagSet }).where('tags', '=', tags).execute();
    if (distinctSorted.length === 0) continue;
    await db.insertInto('usage_tag_sets')
      .values(distinctSorted.map((tag) => ({ tag_set: tagSet, tag })))
      .onConflict((conflict) => conflict.columns(['tag_set', 'tag']).doNothing())
      .execute();
  }
  await db.schema.dropTable('usage_record_tags').execute();
  if (dialect.name === 'postgres') {
    // Ids now come from the column's sequence: make sure it continues after every existing record (version 1 drew
    // them from the same sequence, so this only matters for rows written some other way).
    await sql`select setval(pg_get_serial_sequence('usage_records', 'id'), coalesce(max(id), 0) + 1, false) from usage_records`.execute(db);
  }
}
