import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { OpenStoreOptions } from '../open-store.js';

/**
 * Throw-away databases for tests, usable by any module that needs a real Store: a temp folder for SQLite, a fresh
 * schema (random name, selected through the URL's `options=-c search_path=…`) for PostgreSQL, so test files
 * running in parallel never see each other's rows. PostgreSQL comes from TEST_DATABASE_URL, default the CI one.
 */
export type TestDialect = 'sqlite' | 'postgres';
export const TEST_DIALECTS: readonly TestDialect[] = ['sqlite', 'postgres'];

export type TestDatabase = {
  /** Pass to openStore; open it as often as you like (restarts, two instances). */
  options: OpenStoreOptions;
  /** Deletes the folder or drops the schema. */
  drop(): Promise<void>;
};

const DEFAULT_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/test';

export async function createTestDatabase(dialect: TestDialect): Promise<TestDatabase> {
  const dataDir = await mkdtemp(join(tmpdir(), 'switchboard-store-'));
  const removeDir = () => rm(dataDir, { recursive: true, force: true });
  if (dialect === 'sqlite') return { options: { dataDir }, drop: removeDir };

  const baseUrl = process.env.TEST_DATABASE_URL ?? DEFAULT_POSTGRES_URL;
  const schema = `switchboard_test_${Math.random().toString(36).slice(2, 10)}`;
  await withClient(baseUrl, (client) => client.query(`create schema "${schema}"`));
  const url = new URL(baseUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    options: { databaseUrl: url.toString(), dataDir },
    async drop() {
      await withClient(baseUrl, (client) => client.query(`drop schema if exists "${schema}" cascade`));
      await removeDir();
    },
  };
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
