import { join } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';

export const SQLITE_FILE_NAME = 'switchboard.db';

export function sqliteFilePath(dataDir: string): string {
  return join(dataDir, SQLITE_FILE_NAME);
}

/**
 * Our pragmas, on every connection to the file (the store's and the usage writer's). WAL: readers never block the
 * writer. NORMAL is durable across application crashes (a power cut may lose the last commits, never corrupt).
 * busy_timeout: wait for a lock instead of failing at once.
 */
export function applySqlitePragmas(database: BetterSqlite3.Database): void {
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('busy_timeout = 5000');
  database.pragma('foreign_keys = ON');
}
