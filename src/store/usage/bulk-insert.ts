import type { RunStatement, UsageWriteConnection } from './usage-write-connection.js';

/** A column of a bulk insert: its name and its PostgreSQL type (the cast applied to its JSON value). */
export type BulkColumn = readonly [name: string, postgresType: 'bigint' | 'integer' | 'text'];

/**
 * SQLite statement sizes a bulk insert is split into, largest first. A fixed set keeps the number of distinct SQL
 * texts per table at five, so each is built once and prepared once (open-store.ts caches statements): batches arrive
 * in every size from 1 to 500. 256 rows × 24 columns = 6,144 bound values, under SQLite's 32,766 limit.
 */
const SQLITE_SIZES = [256, 64, 16, 4, 1] as const;

const sqlCache = new Map<string, string>();

function cached(key: string, build: () => string): string {
  let text = sqlCache.get(key);
  if (text === undefined) sqlCache.set(key, (text = build()));
  return text;
}

const quoted = (columns: readonly BulkColumn[]) => columns.map(([name]) => `"${name}"`).join(', ');

function sqliteInsert(table: string, columns: readonly BulkColumn[], rows: number, onConflict: string): string {
  return cached(`sqlite\u0000${table}\u0000${rows}\u0000${onConflict}`, () => {
    const tuple = `(${columns.map(() => '?').join(', ')})`;
    return `insert into "${table}" (${quoted(columns)}) values ${Array.from({ length: rows }, () => tuple).join(', ')}${onConflict}`;
  });
}

/**
 * One statement for any number of rows, with one parameter: the rows as a JSON array of value arrays, taken apart by
 * PostgreSQL. JSON.stringify is native; binding thousands of values (or per-column arrays) costs the client more.
 * jsonb, not json: `->>` on a json value re-reads its text for every column, jsonb indexes the parsed array once
 * (server time per 24-column record ~36 → ~11 µs, measured back to back).
 */
function postgresInsert(table: string, columns: readonly BulkColumn[], onConflict: string): string {
  return cached(`postgres\u0000${table}\u0000${onConflict}`, () => {
    const values = columns.map(([, type], index) => `(row->>${index})::${type}`).join(', ');
    return `insert into "${table}" (${quoted(columns)}) select ${values} from jsonb_array_elements($1::jsonb) as row${onConflict}`;
  });
}

/** ` on conflict (key) do nothing`, for bulkInsert. */
export function onConflictDoNothing(key: readonly string[]): string {
  return ` on conflict (${key.map((name) => `"${name}"`).join(', ')}) do nothing`;
}

/** ` on conflict (key) do update set c = table.c + excluded.c` for each of `sums`, for bulkInsert. */
export function onConflictAdd(table: string, key: readonly string[], sums: readonly string[]): string {
  const set = sums.map((name) => `"${name}" = "${table}"."${name}" + excluded."${name}"`).join(', ');
  return ` on conflict (${key.map((name) => `"${name}"`).join(', ')}) do update set ${set}`;
}

/**
 * Inserts rows given as value arrays (in `columns` order) with cached statement texts. The usage writer's hot path:
 * building the same INSERT through Kysely's query builder cost ~20 µs per record in operation-node construction,
 * compilation, garbage and a fresh `prepare` per batch (profiled with bench/). On PostgreSQL the rows travel as one
 * JSON parameter rather than thousands of separate ones. `onConflict` (onConflictDoNothing, onConflictAdd) makes it
 * an upsert; rows must then have distinct keys. `table`, the column names and the clause are our own identifiers,
 * never input.
 */
export async function bulkInsert(
  run: RunStatement, dialect: UsageWriteConnection['dialect'], table: string, columns: readonly BulkColumn[], rows: readonly unknown[][], onConflict = '',
): Promise<void> {
  if (rows.length === 0) return;
  if (dialect === 'postgres') {
    await run(postgresInsert(table, columns, onConflict), [JSON.stringify(rows)]);
    return;
  }
  let at = 0;
  for (const size of SQLITE_SIZES) {
    while (rows.length - at >= size) {
      const parameters: unknown[] = [];
      for (let index = at; index < at + size; index++) for (const value of rows[index]!) parameters.push(value);
      await run(sqliteInsert(table, columns, size, onConflict), parameters);
      at += size;
    }
  }
}
