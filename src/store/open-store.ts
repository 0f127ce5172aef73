import { mkdirSync } from 'node:fs';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database, Db } from './database.js';
import { isPostgresUrl } from './database-url.js';
import { KyselyStore } from './kysely-store.js';
import { migrate } from './migrations/migrate.js';
import { openSqliteKysely } from './open-sqlite.js';
import { sqliteFilePath } from './sqlite-file.js';
import { UsageWriterThread } from './usage/usage-writer-thread.js';
import { postgresDialect, sqliteDialect, type SqlDialect } from './sql-dialect.js';
import type { Store } from './store.js';

export type OpenStoreOptions = {
  /** DATABASE_URL: `postgres://` or `postgresql://` selects PostgreSQL; anything else (or nothing) SQLite. */
  databaseUrl?: string;
  /** DATA_DIR: holds switchboard.db for SQLite; created (with parents) if missing. */
  dataDir: string;
  log?: { info(msg: string): void };
};

export { SQLITE_FILE_NAME } from './sqlite-file.js';

/** Opens the database named by the options and brings its schema up to date before returning. */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
  const { db, dialect, where } = openDatabase(options);
  try {
    const applied = await migrate(db, dialect);
    options.log?.info(applied.length > 0
      ? `store: ${dialect.name} at ${where}, applied migrations ${applied.join(', ')}`
      : `store: ${dialect.name} at ${where}, schema up to date`);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  // After the migrations: the writer's connection must find the schema in place.
  const writerDatabase = { dataDir: options.dataDir, ...(dialect.name === 'postgres' ? { databaseUrl: options.databaseUrl } : {}) };
  return new KyselyStore(db, dialect, new UsageWriterThread(writerDatabase));
}

/**
 * The connection the options name, schema untouched (openStore migrates it; migration tests drive it themselves; the
 * usage writer thread opens its own, raw-write-connection.ts).
 */
export function openDatabase(options: OpenStoreOptions): { db: Db; dialect: SqlDialect; where: string } {
  const url = options.databaseUrl?.trim();
  if (isPostgresUrl(url)) return openPostgres(url, options.log);
  if (url) options.log?.info('store: DATABASE_URL is not a postgres:// URL, using SQLite in DATA_DIR');
  return openSqlite(options.dataDir);
}

function openSqlite(dataDir: string): { db: Db; dialect: SqlDialect; where: string } {
  mkdirSync(dataDir, { recursive: true });
  const path = sqliteFilePath(dataDir);
  return { db: openSqliteKysely(path), dialect: sqliteDialect, where: path };
}

const PG_INT8 = 20;
const PG_NUMERIC = 1700;

function openPostgres(url: string, log: OpenStoreOptions['log']): { db: Db; dialect: SqlDialect; where: string } {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    // BIGINT columns and SUM()/COUNT() results arrive as int8/numeric strings by default (they may exceed 2^53).
    // Ours are epoch ms, token counts and micro-dollars, all far below 2^53, so the store always yields numbers.
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === PG_INT8 || oid === PG_NUMERIC ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)
      ) as typeof pg.types.getTypeParser,
    },
  });
  // An idle client losing its connection (database restart) must not crash the process: the pool replaces it.
  pool.on('error', (error) => log?.info(`store: postgres connection error: ${error.message}`));
  const parsed = new URL(url);
  const where = `${parsed.hostname}:${parsed.port || '5432'}${parsed.pathname}`;
  return { db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), dialect: postgresDialect, where };
}
