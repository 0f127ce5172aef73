import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect, type SqliteDatabase, type SqliteStatement } from 'kysely';
import type { Database, Db } from './database.js';
import { applySqlitePragmas } from './sqlite-file.js';

/** One connection to the SQLite file with our pragmas, behind Kysely (the store's). */
export function openSqliteKysely(path: string): Db {
  const database = new BetterSqlite3(path);
  applySqlitePragmas(database);
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(database) }) });
}

const STATEMENT_CACHE_SIZE = 200;
/** Parameters are spread as arguments up to this many (see positionalArguments); beyond, passed as one array. */
const MAX_SPREAD_PARAMETERS = 8192;

/**
 * Kysely hands better-sqlite3 the parameters as one array, which its binder reads element by element through V8's
 * generic property lookup (about a fifth of the usage writer thread's instructions at 6,144 values per statement,
 * counted with callgrind); as separate arguments each value is bound directly.
 */
function positionalArguments(statement: BetterSqlite3.Statement): SqliteStatement {
  const spread = (parameters: ReadonlyArray<unknown>): unknown[] =>
    parameters.length <= MAX_SPREAD_PARAMETERS ? (parameters as unknown[]) : [parameters];
  return {
    reader: statement.reader,
    all: (parameters) => statement.all(...spread(parameters)),
    run: (parameters) => statement.run(...spread(parameters)),
    iterate: (parameters) => statement.iterate(...spread(parameters)),
  };
}

/**
 * Kysely prepares every query anew; preparing the usage writer's multi-row INSERT (thousands of placeholders) cost
 * more than running it. Statements are kept by SQL text (least recently used dropped), which is safe because Kysely
 * runs one query at a time on this single connection and we never stream a result (a statement mid-iteration
 * cannot run again).
 */
function withStatementCache(database: BetterSqlite3.Database): SqliteDatabase {
  const cache = new Map<string, SqliteStatement>();
  return {
    prepare(text) {
      let statement = cache.get(text);
      if (statement) {
        cache.delete(text);
      } else {
        statement = positionalArguments(database.prepare(text));
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
