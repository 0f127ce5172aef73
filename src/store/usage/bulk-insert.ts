import { CompiledQuery } from 'kysely';
import type { Db } from '../database.js';
import type { SqlDialect } from '../sql-dialect.js';

/**
 * Statement sizes a bulk insert is split into, largest first. A fixed set keeps the number of distinct SQL texts per
 * table at five, so each is built once and (on SQLite) prepared once: batches arrive in every size from 1 to 500.
 * 256 rows × 25 columns = 6,400 bound values, under SQLite's 32,766 and PostgreSQL's 65,535 limits.
 */
const SIZES = [256, 64, 16, 4, 1] as const;

const sqlCache = new Map<string, string>();

function insertSql(dialect: SqlDialect, table: string, columns: readonly string[], rows: number): string {
  const key = `${dialect.name}\u0000${table}\u0000${rows}`;
  let text = sqlCache.get(key);
  if (text === undefined) {
    let parameter = 0;
    const placeholder = dialect.name === 'postgres' ? () => `$${++parameter}` : () => '?';
    const tuples = Array.from({ length: rows }, () => `(${columns.map(placeholder).join(', ')})`);
    text = `insert into "${table}" (${columns.map((column) => `"${column}"`).join(', ')}) values ${tuples.join(', ')}`;
    sqlCache.set(key, text);
  }
  return text;
}

/**
 * Inserts rows given as value arrays (in `columns` order) with cached statement texts and one flat parameter list.
 * The usage writer's hot path: building the same INSERT through Kysely's query builder cost ~20 µs per record in
 * operation-node construction, compilation, garbage and a fresh `prepare` per batch (profiled in bench/).
 * `table` and `columns` are our own identifiers, never input.
 */
export async function bulkInsert(
  trx: Db, dialect: SqlDialect, table: string, columns: readonly string[], rows: readonly unknown[][],
): Promise<void> {
  let at = 0;
  for (const size of SIZES) {
    while (rows.length - at >= size) {
      const parameters: unknown[] = [];
      for (let index = at; index < at + size; index++) for (const value of rows[index]!) parameters.push(value);
      await trx.executeQuery(CompiledQuery.raw(insertSql(dialect, table, columns, size), parameters));
      at += size;
    }
  }
}
