import type { Db } from '../database.js';
import type { SqlDialect } from '../sql-dialect.js';
import * as initialSchema from './001-initial-schema.js';
import * as recordTagSets from './002-record-tag-sets.js';

export type Migration = { version: number; name: string; up(db: Db, dialect: SqlDialect): Promise<void> };

/** Every migration, in order. Append only: a released migration is never edited. */
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'initial-schema', up: initialSchema.up },
  { version: 2, name: 'record-tag-sets', up: recordTagSets.up },
];

/**
 * Brings the schema up to date; returns the versions applied now. One transaction for the whole run (both
 * databases have transactional DDL), holding the migration lock, so a failed migration leaves nothing behind
 * and two instances starting at once apply each migration exactly once.
 *
 * We keep our own `schema_migrations` table rather than Kysely's Migrator: its PostgreSQL introspection looks for
 * its table in every schema (a second Switchboard in another schema would be seen as migrated), and it takes no
 * lock on SQLite.
 */
export async function migrate(db: Db, dialect: SqlDialect, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  return dialect.writeTransaction(db, async (trx) => {
    await dialect.lockForMigration(trx);
    await trx.schema.createTable('schema_migrations').ifNotExists()
      .addColumn('version', 'integer', (col) => col.primaryKey())
      .addColumn('name', 'text', (col) => col.notNull())
      .addColumn('applied_at', 'bigint', (col) => col.notNull())
      .execute();
    const rows = await trx.selectFrom('schema_migrations').select('version').execute();
    const applied = new Set(rows.map((row) => Number(row.version)));
    const newest = Math.max(0, ...applied);
    const known = Math.max(0, ...migrations.map((migration) => migration.version));
    if (newest > known) {
      throw new Error(`database schema version ${newest} is newer than this Switchboard (${known}); upgrade Switchboard`);
    }
    const done: number[] = [];
    for (const migration of migrations) {
      if (applied.has(migration.version)) continue;
      await migration.up(trx, dialect);
      await trx.insertInto('schema_migrations')
        .values({ version: migration.version, name: migration.name, applied_at: Date.now() })
        .execute();
      done.push(migration.version);
    }
    return done;
  });
}
