import { sql } from 'kysely';
import type { Db } from './database.js';

/**
 * The few things SQLite and PostgreSQL do differently. Everything else is the same Kysely code for both.
 */
export interface SqlDialect {
  readonly name: 'sqlite' | 'postgres';
  /** Runs `work` in a transaction that holds the write lock from its first statement. */
  writeTransaction<T>(db: Db, work: (trx: Db) => Promise<T>): Promise<T>;
  /** Runs `work` against one consistent snapshot (several SELECTs that must agree, e.g. config + version). */
  readSnapshot<T>(db: Db, work: (trx: Db) => Promise<T>): Promise<T>;
  /** Takes the migration lock for the rest of the transaction (no-op where writeTransaction already excludes others). */
  lockForMigration(trx: Db): Promise<void>;
}

export const sqliteDialect: SqlDialect = {
  name: 'sqlite',
  // Kysely's SQLite transactions start with a deferred BEGIN, which can fail with SQLITE_BUSY without waiting when
  // a reader later tries to write. BEGIN IMMEDIATE takes the write lock up front and honours busy_timeout.
  async writeTransaction(db, work) {
    return db.connection().execute(async (connection) => {
      await sql`begin immediate`.execute(connection);
      try {
        const result = await work(connection);
        await sql`commit`.execute(connection);
        return result;
      } catch (error) {
        await sql`rollback`.execute(connection);
        throw error;
      }
    });
  },
  // One connection behind Kysely's mutex: a plain transaction is a consistent snapshot in WAL mode.
  async readSnapshot(db, work) {
    return db.transaction().execute(work);
  },
  async lockForMigration() {
    // BEGIN IMMEDIATE in writeTransaction already excludes every other writer.
  },
};

export const postgresDialect: SqlDialect = {
  name: 'postgres',
  async writeTransaction(db, work) {
    return db.transaction().execute(work);
  },
  async readSnapshot(db, work) {
    return db.transaction().setIsolationLevel('repeatable read').setAccessMode('read only').execute(work);
  },
  async lockForMigration(trx) {
    // Transaction-scoped advisory lock keyed by schema, so two instances starting at once migrate one after the
    // other (the second then finds nothing to do), while tests in separate schemas don't wait for each other.
    await sql`select pg_advisory_xact_lock(hashtext('switchboard-migrations:' || current_schema()))`.execute(trx);
  },
};
