import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect, type SqliteDatabase } from 'kysely';
import type { Database, Db } from './database.js';
import { applySqlitePragmas } from './sqlite-file.js';

/** One connection to the SQLite file with our pragmas, behind Kysely (the store's). */
export function openSqliteKysely(path: string): Db {
  const database = new BetterSqlite3(path);
  applySqlitePragmas(database);
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(database) }) });
}

const STATEMENT_CACHE_SIZE = 200;

/**
 * Kysely prepares every query anew; preparing a multi-row usage INSERT (thousands of placeholders, when usage is
 * written in-thread) cost more than running it. Statements are kept by SQL text (least recently used dropped), which
 * is safe because Kysely runs one query at a time on this single connection and we never stream a result (a
 * statement mid-iteration cannot run again).
 */
function withStatementCache(database: BetterSqlite3.Database): SqliteDatabase {
  const cache = new Map<string, ReturnType<BetterSqlite3.Database['prepare']>>();
  return {
    prepare(text) {
      let statement = cache.get(text);
      if (statement) {
        cache.delete(text);
      } else {
        statement = database.prepare(text);
        if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
      }
      cache.set(text, statement);
      return statement;
    },
    close() {
      cache.clear();
      database.close();
    },
  };
}
