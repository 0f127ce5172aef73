import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { Agent, fetch as undiciFetch } from 'undici';
import { SQLITE_FILE_NAME } from '../../src/store/open-store.js';
import type { Store, UsageFilter, UsageRecord } from '../../src/store/store.js';
import type { TestDatabase } from '../../src/store/testing/test-databases.js';
import { ADMIN_PASSWORD } from './admin-client.js';
import { startProxy, type TestProxy } from './start-proxy.js';

export { AdminClient, ADMIN_PASSWORD } from './admin-client.js';

/** Shared by the usage end-to-end tests: a proxy on a given test database, the admin API, and ways to read records. */

export const USAGE_TABLES = ['usage_records', 'usage_tag_sets', 'usage_hourly', 'usage_daily'] as const;
/** Every record ever written: from the epoch to a day ahead. */
export const ALL_TIME: UsageFilter = { from: 0, to: Date.now() + 86_400_000 };

/** Environment that points the proxy at this test database (SQLite in its folder, or its PostgreSQL schema). */
export function databaseEnv(db: TestDatabase): Record<string, string> {
  return { DATA_DIR: db.options.dataDir, ...(db.options.databaseUrl ? { DATABASE_URL: db.options.databaseUrl } : {}) };
}

/** The real server on the test database, with the admin API on a free port. */
export function startUsageProxy(db: TestDatabase, env: Record<string, string>): Promise<TestProxy> {
  return startProxy({ ...databaseEnv(db), ADMIN_ENABLED: 'true', ADMIN_PASSWORD, ...env });
}

/**
 * A client-side connection pool the test owns and closes before the proxy. Needed where a client abandons a
 * stream: undici then opens a spare connection that never carries a request, and Node 20's `server.close()` waits
 * for such a connection (it only closes idle ones that served a request), so the proxy's close would hang.
 */
export type ClientConnections = { fetch: typeof fetch; close(): Promise<void> };

export function clientConnections(): ClientConnections {
  const dispatcher = new Agent();
  return {
    // undici's own fetch and Response types differ from the DOM ones the SDKs declare; at runtime they are the same.
    fetch: ((input: string | URL | Request, init?: RequestInit) =>
      undiciFetch(input as Parameters<typeof undiciFetch>[0], { ...(init as Parameters<typeof undiciFetch>[1]), dispatcher })) as unknown as typeof fetch,
    close: () => dispatcher.destroy(),
  };
}

/** Every usage record in the store, oldest id first. */
export async function allRecords(store: Store): Promise<UsageRecord[]> {
  const records: UsageRecord[] = [];
  for await (const record of store.iterateUsage(ALL_TIME)) records.push(record);
  return records.sort((a, b) => a.id - b.id);
}

/** Polls until the store holds at least `count` records (they are written in batches every ~250 ms). */
export async function waitForRecords(store: Store, count: number, timeoutMs = 5_000): Promise<UsageRecord[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { total } = await store.recentUsage(ALL_TIME, { limit: 1, offset: 0 });
    if (total >= count) return allRecords(store);
    if (Date.now() > deadline) throw new Error(`expected ${count} usage records within ${timeoutMs} ms, found ${total}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Polls `check` until it returns a value other than undefined, or fails after the deadline. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Every row of the given tables, straight from the database (no store code in between). */
export async function rawRows(db: TestDatabase, tables: readonly string[]): Promise<Array<Record<string, unknown>>> {
  const rows: Array<Record<string, unknown>> = [];
  if (db.options.databaseUrl === undefined) {
    const sqlite = new BetterSqlite3(join(db.options.dataDir, SQLITE_FILE_NAME), { readonly: true });
    try {
      for (const table of tables) rows.push(...(sqlite.prepare(`select * from ${table}`).all() as Array<Record<string, unknown>>));
    } finally {
      sqlite.close();
    }
  } else {
    const client = new pg.Client({ connectionString: db.options.databaseUrl });
    await client.connect();
    try {
      for (const table of tables) rows.push(...(await client.query<Record<string, unknown>>(`select * from ${table}`)).rows);
    } finally {
      await client.end();
    }
  }
  return rows;
}

/** Every row of every usage table as JSON text: for "this never gets stored" checks. */
export async function dumpUsageTables(db: TestDatabase): Promise<string> {
  return JSON.stringify(await rawRows(db, USAGE_TABLES));
}
