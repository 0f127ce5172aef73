import type BetterSqlite3 from 'better-sqlite3';
import { isPostgresUrl } from '../database-url.js';
import { applySqlitePragmas, sqliteFilePath } from '../sqlite-file.js';
import type { RunStatement, UsageWriteConnection } from './usage-write-connection.js';

/**
 * A UsageWriteConnection straight over better-sqlite3 or pg, for the usage writer thread: only the driver of the
 * database in use is loaded. Same database choice as open-store.ts's openDatabase: a postgres:// URL, else SQLite in
 * `dataDir`.
 */
export async function openRawWriteConnection(database: { dataDir: string; databaseUrl?: string }): Promise<UsageWriteConnection> {
  const url = database.databaseUrl?.trim();
  return isPostgresUrl(url) ? openPostgres(url) : openSqlite(database.dataDir);
}

async function openSqlite(dataDir: string): Promise<UsageWriteConnection> {
  const { default: Database } = await import('better-sqlite3');
  const database = new Database(sqliteFilePath(dataDir));
  applySqlitePragmas(database);
  // Bulk inserts use a fixed, small set of SQL texts (bulk-insert.ts): each is prepared once. Parameters go as
  // separate arguments, which better-sqlite3 binds directly (an array is read element by element).
  const statements = new Map<string, BetterSqlite3.Statement>();
  const run: RunStatement = async (text, parameters) => {
    let statement = statements.get(text);
    if (statement === undefined) statements.set(text, (statement = database.prepare(text)));
    statement.run(...parameters);
  };
  return {
    dialect: 'sqlite',
    async writeTransaction(work) {
      database.exec('begin immediate');
      try {
        await work(run);
        database.exec('commit');
      } catch (error) {
        if (database.inTransaction) database.exec('rollback');
        throw error;
      }
    },
    async close() {
      database.close();
    },
  };
}

async function openPostgres(url: string): Promise<UsageWriteConnection> {
  const { default: pg } = await import('pg');
  // A pool of one rather than a client: it reconnects after the server restarted or the connection dropped.
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  // An idle client losing its connection must not crash the thread: the pool replaces it on the next write.
  pool.on('error', () => {});
  return {
    dialect: 'postgres',
    async writeTransaction(work) {
      const client = await pool.connect();
      try {
        await client.query('begin');
        await work(async (text, parameters) => {
          await client.query(text, parameters as unknown[]);
        });
        await client.query('commit');
        client.release();
      } catch (error) {
        // A connection that cannot even roll back is discarded (release with an error), not reused.
        const rolledBack = await client.query('rollback').then(() => true, () => false);
        client.release(rolledBack ? undefined : (error as Error));
        throw error;
      }
    },
    close: () => pool.end(),
  };
}
