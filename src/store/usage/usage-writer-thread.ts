import { Worker } from 'node:worker_threads';
import type { PreparedUsage } from '../store-types.js';

/** Where the writer thread connects: the store's own database (open-store.ts `openDatabase` takes the same). */
export type WriterDatabase = { dataDir: string; databaseUrl?: string };

/**
 * `batch` in columnar form (usage-batch.ts): postMessage's structured clone of 500 record objects cost the main thread
 * ~8 µs per record (profiled under load); a batch's numbers cross as one copy of their bytes (not transferred: the
 * recorder keeps the batch for a retry), and its strings once each.
 */
export type WriterRequest =
  | { type: 'insert'; id: number; batch: PreparedUsage; withinMs: number }
  | { type: 'flush' }
  | { type: 'close' };
export type WriterReply = { id: number; ok: true } | { id: number; ok: false; message: string };

type Pending = { resolve: () => void; reject: (error: Error) => void };

/**
 * Writes usage batches from a worker thread with its own connection to the store's database, SQLite or PostgreSQL,
 * so that no part of a write runs on the event loop: not SQLite's synchronous insert (~9 ms per 500 records), not the
 * PostgreSQL client's statements, promises and result parsing, nor the folding into aggregates. The main thread only
 * pays for copying the batch. SQLite: WAL, so the store's connection keeps reading meanwhile, and writers take turns
 * through BEGIN IMMEDIATE and busy_timeout. `usable` turns false if the worker dies; the store then writes in-thread.
 *
 * Batches sent with `withinMs` wait in the worker for those sent after them, to be written together in one
 * transaction (usage-writer-worker.ts): a transaction has a fixed cost (on PostgreSQL ~6 round trips and ~2 ms of
 * client and server CPU, about as much as 100 records), so 20 ms batches of ~70 records cost ~55 µs of CPU per
 * record, 250 ms ones ~20 (docs/performance.md).
 */
export class UsageWriterThread {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private alive = true;
  private closed: Promise<void> | undefined;

  constructor(database: WriterDatabase) {
    const entry = new URL('./usage-writer-worker.js', import.meta.url);
    this.worker = import.meta.url.endsWith('.ts')
      // Running from TypeScript sources (tests, `npm run dev`): Node 20 workers do not inherit tsx's hooks, so the
      // worker loads the .ts entry through tsx's API. The built server runs the compiled .js directly.
      ? new Worker(
          `import('tsx/esm/api').then(({ tsImport }) => tsImport(${JSON.stringify(entry.href.replace(/\.js$/, '.ts'))}, ${JSON.stringify(import.meta.url)}))`,
          { eval: true, workerData: database },
        )
      : new Worker(entry, { workerData: database });
    this.worker.on('message', (reply: WriterReply) => {
      const waiting = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (reply.ok) waiting?.resolve();
      else waiting?.reject(new Error(reply.message));
    });
    const fail = (error: Error) => {
      this.alive = false;
      for (const waiting of this.pending.values()) waiting.reject(error);
      this.pending.clear();
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`usage writer thread exited (code ${code})`)));
    // An idle writer must not keep the process alive; a batch in flight does (see insert).
    this.worker.unref();
  }

  get usable(): boolean {
    return this.alive && this.closed === undefined;
  }

  /**
   * Resolves once `batch` is written: within `withinMs`
   * (with the batches sent after it, in one transaction), or at once (with every batch waiting before it) when
   * `withinMs` is 0. A failed transaction rejects every batch in it.
   */
  insert(batch: PreparedUsage, withinMs = 0): Promise<void> {
    const id = this.nextId++;
    if (this.pending.size === 0) this.worker.ref();
    return new Promise<void>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ type: 'insert', id, batch, withinMs } satisfies WriterRequest);
    }).finally(() => {
      if (this.pending.size === 0) this.worker.unref();
    });
  }

  /** Writes every waiting batch now (shutdown). */
  flush(): void {
    if (this.alive) this.worker.postMessage({ type: 'flush' } satisfies WriterRequest);
  }

  /** Writes the batches already sent, then closes the worker's connection and the thread. */
  close(): Promise<void> {
    this.closed ??= new Promise<void>((resolve) => {
      if (!this.alive) return resolve();
      this.worker.once('exit', () => resolve());
      this.worker.ref();
      this.worker.postMessage({ type: 'close' } satisfies WriterRequest);
    });
    return this.closed;
  }
}
