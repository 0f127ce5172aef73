import type { FastifyBaseLogger } from 'fastify';
import type { PreparedUsage, Store, UsageRecordInput } from '../store/store.js';
import { RecordQueue } from './record-queue.js';

export type RecorderLog = Pick<FastifyBaseLogger, 'warn' | 'error'>;

export type UsageRecorderOptions = {
  store: Pick<Store, 'prepareUsage' | 'insertPreparedUsage' | 'flushUsage'>;
  /** Or a function returning it, for a logger that exists only later (`() => app.log`, the app being built after). */
  log: RecorderLog | (() => RecorderLog);
  /** Runs on each batch before it is prepared, off the request path (client hostnames); a failure is logged. */
  enrich?: (batch: UsageRecordInput[]) => Promise<void>;
  /**
   * A batch is prepared (and handed to the store) at most this long after its first record was queued. Short on
   * purpose: a record object that lives through the young generation's collections (copied, then promoted to the old
   * one) costs the event loop more than its write does. At 5,000 requests/s, 250 ms made the main thread's GC time
   * ~9 → ~23 µs per request (CPU profile); at 20 ms it stayed level with tracking off.
   */
  flushIntervalMs?: number;
  /**
   * How long the store may hold a prepared batch to write it in one transaction with the next ones
   * (Store.insertPreparedUsage's `withinMs`): a transaction's fixed cost is shared by more records.
   */
  writeWindowMs?: number;
  /** …or as soon as this many records are waiting; also the largest batch. */
  batchSize?: number;
  /** Records handed to the store and not yet written, at most (beyond that, prepared batches wait here). */
  maxInFlight?: number;
  /** Records kept while the database is unavailable; beyond that the oldest are dropped (with a warning). */
  maxQueue?: number;
  /** Retry delays after a failed write: doubling from min to max. */
  retryMinMs?: number;
  retryMaxMs?: number;
  /** At most one "records dropped" warning per this interval. */
  dropWarningIntervalMs?: number;
  now?: () => number;
};

export type CloseOptions = {
  /** Give up on records still unwritten after this long (the database is down); they are logged as lost. */
  timeoutMs?: number;
};

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Collects usage records in memory and writes them in batches. `enqueue` is the only thing a request pays: a push
 * onto an array. Every `flushIntervalMs` (or at `batchSize` records) the waiting records are prepared
 * (`store.prepareUsage`: one UTF-8 JSON text per batch, off the JS heap, after `enrich`) and handed to the store at once
 * (`store.insertPreparedUsage`), which may hold them up to `writeWindowMs` to write several in one transaction. A record
 * object kept until its batch is written would, under load, live through the young generation's collections (copied
 * twice, then promoted to the old generation): measured at 5,000 requests/s, that cost the event loop more than the
 * write itself. Up to `maxInFlight` records may be unwritten in the store at once.
 *
 * A failed write is retried with backoff, together with any other batch that failed, before anything newer is handed
 * over; meanwhile no more batches are prepared, records queue as objects up to `maxQueue` (beyond that the oldest are
 * dropped, with a warning). `close()` writes everything that is left (graceful shutdown).
 */
export class UsageRecorder {
  /** Records waiting to be prepared. */
  private readonly queue = new RecordQueue<UsageRecordInput>();
  /** Batches prepared and not handed to the store yet (it has maxInFlight, or a failure waits for its retry), oldest first. */
  private readonly prepared: PreparedUsage[] = [];
  private preparedRecords = 0;
  /** The preparation running (its enrich step is asynchronous), and how many records it holds. */
  private preparing: Promise<void> | undefined;
  private preparingRecords = 0;
  /** Writes handed to the store and not settled. */
  private inFlightWrites = 0;
  private inFlightRecords = 0;
  /** Wakes close() when a write settles. */
  private onSettled: (() => void) | undefined;
  /** Batches whose write failed, in the order they were handed over: retried together before anything newer. */
  private failed: PreparedUsage[] = [];
  private failedRecords = 0;
  /** Failed rounds in a row (a round: the writes handed over in one state; several failing together count once). */
  private failures = 0;
  /** Prepares the queue, or (after a failure) retries the failed batches. */
  private timer: NodeJS.Timeout | undefined;
  private timerDue = 0;
  private closing = false;
  private closed: Promise<void> | undefined;
  /** Records announced by reserve() and not yet delivered: responses still running. */
  private reserved = 0;
  /** Wakes close() when the last reserved record was delivered. */
  private onAllDelivered: (() => void) | undefined;
  private droppedSinceWarning = 0;
  private lastDropWarning = Number.NEGATIVE_INFINITY;

  private readonly store: Pick<Store, 'prepareUsage' | 'insertPreparedUsage' | 'flushUsage'>;
  private readonly logger: RecorderLog | (() => RecorderLog);
  private readonly enrich: ((batch: UsageRecordInput[]) => Promise<void>) | undefined;
  private readonly flushIntervalMs: number;
  private readonly writeWindowMs: number;
  private readonly batchSize: number;
  private readonly maxInFlight: number;
  private readonly maxQueue: number;
  private readonly retryMinMs: number;
  private readonly retryMaxMs: number;
  private readonly dropWarningIntervalMs: number;
  private readonly now: () => number;

  constructor(options: UsageRecorderOptions) {
    this.store = options.store;
    this.logger = options.log;
    this.enrich = options.enrich;
    this.flushIntervalMs = options.flushIntervalMs ?? 20;
    this.writeWindowMs = options.writeWindowMs ?? 250;
    this.batchSize = options.batchSize ?? 500;
    this.maxInFlight = options.maxInFlight ?? 10_000;
    this.maxQueue = options.maxQueue ?? 100_000;
    this.retryMinMs = options.retryMinMs ?? 500;
    this.retryMaxMs = options.retryMaxMs ?? 30_000;
    this.dropWarningIntervalMs = options.dropWarningIntervalMs ?? 60_000;
    this.now = options.now ?? Date.now;
  }

  private get log(): RecorderLog {
    return typeof this.logger === 'function' ? this.logger() : this.logger;
  }

  /** Records not yet written: queued, being prepared, prepared, being written, or waiting for a retry. */
  get pending(): number {
    return this.queue.length + this.preparingRecords + this.preparedRecords + this.inFlightRecords + this.failedRecords;
  }

  /** In-memory only; never waits and never touches the database. */
  enqueue(record: UsageRecordInput): void {
    if (this.closed !== undefined && !this.closing) {
      this.noteDropped(1, 'usage recorder is closed: record dropped');
      return;
    }
    if (this.queue.length >= this.maxQueue) {
      this.queue.dropOldest(this.queue.length - this.maxQueue + 1);
      this.noteDropped(1, 'usage queue is full (database unavailable?): oldest records dropped');
    }
    this.queue.push(record);
    this.schedulePrepare();
  }

  /**
   * Announces the record of a response still running and returns the function that delivers it (once; with nothing
   * when there is no record after all). close() waits for reserved records, within its timeout: an HTTP server's
   * close resolves as soon as its sockets are destroyed, a moment before the responses cut with them emit 'close',
   * and the records of streams cut at shutdown must still be written.
   */
  reserve(): (record?: UsageRecordInput) => void {
    this.reserved++;
    let delivered = false;
    return (record) => {
      if (delivered) return;
      delivered = true;
      this.reserved--;
      if (record !== undefined) this.enqueue(record);
      if (this.reserved === 0 && this.onAllDelivered !== undefined) {
        const wake = this.onAllDelivered;
        this.onAllDelivered = undefined;
        wake();
      }
    };
  }

  /** Writes everything queued, retrying failures, and resolves when it is all written (or given up on). */
  close(options: CloseOptions = {}): Promise<void> {
    this.closed ??= this.drain(this.now() + (options.timeoutMs ?? Number.POSITIVE_INFINITY));
    return this.closed;
  }

  private async drain(deadline: number): Promise<void> {
    this.closing = true;
    this.clearTimer();
    try {
      for (;;) {
        if (this.preparing !== undefined) {
          if (!(await this.waitUntil(this.preparing, deadline))) break;
        } else if (this.healthy && this.prepared.length > 0) {
          this.handOver();
        } else if (this.healthy && this.queue.length > 0) {
          this.startPrepare();
        } else if (this.inFlightWrites > 0) {
          // Batches handed over earlier may still be waiting in the store for their write window.
          const settled = new Promise<void>((resolve) => (this.onSettled = resolve));
          this.store.flushUsage();
          if (!(await this.waitUntil(settled, deadline))) break;
        } else if (this.failed.length > 0) {
          const delay = this.retryDelay();
          if (this.now() + delay > deadline) break;
          await sleep(delay); // not unref()'d: shutdown waits for this bounded retry
          this.retryFailed();
        } else {
          if (this.reserved === 0) return;
          if (!(await this.waitUntil(new Promise<void>((resolve) => (this.onAllDelivered = resolve)), deadline))) break;
        }
      }
      const undelivered = this.reserved > 0 ? { undelivered: this.reserved } : {};
      this.log.error({ unwritten: this.pending, ...undelivered }, 'usage records were not written before the shutdown timeout and are lost');
    } finally {
      this.closing = false;
      this.onSettled = undefined;
    }
  }

  /** True if `promise` settled before the deadline. */
  private async waitUntil(promise: Promise<void>, deadline: number): Promise<boolean> {
    if (deadline === Number.POSITIVE_INFINITY) {
      await promise;
      return true;
    }
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<false>((resolve) => {
      timer = setTimeout(resolve, Math.max(0, deadline - this.now()), false);
    });
    try {
      return await Promise.race([promise.then(() => true as const), expired]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Nothing new is handed to the store while a failed write waits for its retry (or the retry runs). */
  private get healthy(): boolean {
    return this.failures === 0 && this.failed.length === 0;
  }

  /**
   * Prepares the queue within the flush interval (at once when a full batch waits), unless close() drives the work,
   * a write failed (records then wait as objects, so the oldest can be dropped one by one), a preparation is running
   * (it schedules the next when done) or a batch's worth is already prepared and waiting for the store to take it.
   */
  private schedulePrepare(): void {
    if (this.closing || !this.healthy || this.preparing !== undefined || this.preparedRecords >= this.batchSize) return;
    if (this.queue.length === 0) return;
    this.scheduleIn(this.queue.length >= this.batchSize ? 0 : this.flushIntervalMs);
  }

  private scheduleIn(delayMs: number): void {
    const due = this.now() + delayMs;
    if (this.timer !== undefined && this.timerDue <= due) return;
    this.clearTimer();
    this.timerDue = due;
    this.timer = setTimeout(this.onTimer, delayMs);
    // A pending batch never keeps the process alive on its own; shutdown calls close(), which waits.
    this.timer.unref();
  }

  private clearTimer(): void {
    if (this.timer === undefined) return;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private readonly onTimer = (): void => {
    this.timer = undefined;
    if (this.closing) return;
    if (this.failed.length > 0) this.retryFailed();
    else this.startPrepare();
  };

  private retryDelay(): number {
    return Math.min(this.retryMaxMs, this.retryMinMs * 2 ** Math.max(0, this.failures - 1));
  }

  /** The `.then` clears the state, always after the assignment (prepare may finish synchronously). */
  private startPrepare(): void {
    if (this.preparing !== undefined) return;
    const records = this.queue.take(this.batchSize);
    if (records.length === 0) return;
    this.preparingRecords = records.length;
    this.preparing = this.prepare(records).then(() => {
      this.preparing = undefined;
      if (this.closing) return;
      this.handOver();
      this.schedulePrepare();
    });
  }

  /** Never rejects. */
  private async prepare(records: UsageRecordInput[]): Promise<void> {
    try {
      if (this.enrich) await this.enrichSafely(records);
      this.prepared.push(this.store.prepareUsage(records));
      this.preparedRecords += records.length;
    } catch (error) {
      // Only a bug gets here (the store turns plain records into JSON): say so rather than retry forever.
      this.log.error({ err: error, records: records.length }, 'could not prepare usage records; they are lost');
    } finally {
      this.preparingRecords = 0;
    }
  }

  /** Hands prepared batches to the store, oldest first, while healthy and within maxInFlight (close(): all, now). */
  private handOver(): void {
    if (!this.healthy) return;
    while (this.prepared.length > 0) {
      const batch = this.prepared[0]!;
      if (!this.closing && this.inFlightRecords > 0 && this.inFlightRecords + batch.records > this.maxInFlight) return;
      this.prepared.shift();
      this.preparedRecords -= batch.records;
      this.write(batch);
    }
  }

  /** Hands every failed batch to the store again, in their order, to be written now. */
  private retryFailed(): void {
    const batches = this.failed;
    this.failed = [];
    this.failedRecords = 0;
    for (const batch of batches) this.write(batch, 0);
  }

  private write(batch: PreparedUsage, withinMs = this.closing ? 0 : this.writeWindowMs): void {
    const round = this.failures;
    this.inFlightWrites++;
    this.inFlightRecords += batch.records;
    this.store.insertPreparedUsage(batch, withinMs).then(
      () => this.settled(batch, round, undefined),
      (error: unknown) => this.settled(batch, round, error ?? new Error('write failed')),
    );
  }

  /** A failure joins the failed batches; once nothing is in flight, they are retried after a backoff, or work resumes. */
  private settled(batch: PreparedUsage, round: number, error: unknown): void {
    this.inFlightWrites--;
    this.inFlightRecords -= batch.records;
    if (error !== undefined) {
      this.failed.push(batch);
      this.failedRecords += batch.records;
      if (round === this.failures) this.failures++;
      this.log.error(
        { err: error, records: batch.records, attempt: this.failures, retryInMs: this.retryDelay(), queued: this.queue.length + this.preparedRecords },
        'writing usage records failed; will retry',
      );
    }
    if (this.inFlightWrites === 0 && this.failed.length === 0) this.failures = 0;
    const wake = this.onSettled;
    this.onSettled = undefined;
    wake?.();
    if (this.closing) return; // close() drives the rest
    if (this.inFlightWrites > 0) {
      this.handOver();
    } else if (this.failed.length > 0) {
      // The retry takes the timer: nothing more is prepared until it succeeds.
      this.clearTimer();
      this.scheduleIn(this.retryDelay());
    } else {
      this.handOver();
      this.schedulePrepare();
    }
  }

  /** Hostnames are a nice-to-have: a failure there never holds back the records themselves. */
  private async enrichSafely(batch: UsageRecordInput[]): Promise<void> {
    try {
      await this.enrich?.(batch);
    } catch (error) {
      this.log.warn({ err: error }, 'enriching usage records failed; writing them as they are');
    }
  }

  private noteDropped(count: number, message: string): void {
    this.droppedSinceWarning += count;
    const now = this.now();
    if (now - this.lastDropWarning < this.dropWarningIntervalMs) return;
    this.log.warn({ dropped: this.droppedSinceWarning, maxQueue: this.maxQueue }, message);
    this.droppedSinceWarning = 0;
    this.lastDropWarning = now;
  }
}
