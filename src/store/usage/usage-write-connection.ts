/** Runs one SQL statement with positional parameters (`?` on SQLite, `$n` on PostgreSQL); nothing is read back. */
export type RunStatement = (text: string, parameters: readonly unknown[]) => Promise<void>;

/**
 * What a usage write needs from a database connection: statements inside one write transaction. Two
 * implementations: over the store's Kysely connection (kysely-write-connection.ts, the in-thread fallback) and over
 * the bare drivers (raw-write-connection.ts, the writer thread: it loads neither Kysely nor the rest of the store,
 * ~20 MB less memory for the thread).
 */
export type UsageWriteConnection = {
  readonly dialect: 'sqlite' | 'postgres';
  /** Runs `work` in one write transaction (SQLite: BEGIN IMMEDIATE, so concurrent writers wait for each other). */
  writeTransaction(work: (run: RunStatement) => Promise<void>): Promise<void>;
  close(): Promise<void>;
};
