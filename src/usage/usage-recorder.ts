import type { FastifyBaseLogger } from 'fastify';
import type { Store, UsageRecordInput } from '../store/store.js';
import { RecordQueue } from './record-queue.js';

export type RecorderLog = Pick<FastifyBaseLogger, 'warn' | 'error'>;

export type UsageRecorderOptions = {
  store: Pick<Store, 'insertUsage'>;
  /** Or a function returning it, for a logger that exists only later (`() => app.log`, the app being built after). */
  log: RecorderLog | (() => RecorderLog);
  /** Runs on each batch before it is written, off the request path (client hostnames); a failure is logged. */
  enrich?: (batch: UsageRecordInput[]) => Promise<void>;
  /** A batch is written at most this long after its first record was queued. */
  flushIntervalMs?: number;
  /** …or as soon as this many records are waiting; also the largest batch. */
  batchSize?: number;
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
 * Collects usage records in memory and writes them in batches through `store.insertUsage`. `enqueue` is the only
 * thing a request pays: a push onto an array. Batches go out every `flushIntervalMs` or at `batchSize` records,
 * one write in flight at a time; a failed batch is kept and retried with backoff while new records queue up to
 * `maxQueue`. `close()` writes everything that is left (graceful shutdown).
 */
export class UsageRecorder {
  private readonly queue = new RecordQueue<UsageRecordInput>();
  /** The batch whose write failed, retried before anything newer (records keep their order). */
  private retryBatch: UsageRecordInput[] | undefined;
  private failures = 0;
  private flushing: Promise<void> | undefined;
  private inFlight = 0;
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

  private readonly store: Pick<Store, 'insertUsage'>;
  private readonly logger: RecorderLog | (() => RecorderLog);
  private readonly enrich: ((batch: UsageRecordInput[]) => Promise<void>) | undefined;
  private readonly flushIntervalMs: number;
  private readonly batchSize: number;
  private readonly maxQueue: number;
  private readonly retryMinMs: number;
  private readonly retryMaxMs: number;
  private readonly dropWarningIntervalMs: number;
  private readonly now: () => number;

  constructor(options: UsageRecorderOptions) {
    this.store = options.store;
    this.logger = options.log;
    this.enrich = options.enrich;
    this.flushIntervalMs = options.flushIntervalMs ?? 250;
    this.batchSize = options.batchSize ?? 500;
    this.maxQueue = options.maxQueue ?? 100_000;
    this.retryMinMs = options.retryMinMs ?? 500;
    this.retryMaxMs = options.retryMaxMs ?? 30_000;
    this.dropWarningIntervalMs = options.dropWarningIntervalMs ?? 60_000;
    this.now = options.now ?? Date.now;
  }

  private get log(): RecorderLog {
    return typeof this.logger === 'function' ? this.logger() : this.logger;
  }

  /** Records not yet written: queued, being written, or waiting for a retry. */
  get pending(): number {
    return this.queue.length + (this.retryBatch?.length ?? 0) + this.inFlight;
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
    // While a write or a retry is pending, its completion schedules the next one; close() drives its own loop.
    if (this.closing || this.flushing !== undefined || this.retryBatch !== undefined) return;
    this.scheduleIn(this.queue.length >= this.batchSize ? 0 : this.flushIntervalMs);
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
        if (this.flushing !== undefined) {
          if (!(await this.waitUntil(this.flushing, deadline))) break;
          continue;
        }
        if (this.retryBatch === undefined && this.queue.length === 0) {
          if (this.reserved === 0) return;
          if (!(await this.waitUntil(new Promise<void>((resolve) => (this.onAllDelivered = resolve)), deadline))) break;
          continue;
        }
        if (this.retryBatch !== undefined) {
          const delay = this.retryDelay();
          if (this.now() + delay > deadline) break;
          await sleep(delay); // not unref()'d: shutdown waits for this bounded retry
        }
        this.startFlush();
      }
      const undelivered = this.reserved > 0 ? { undelivered: this.reserved } : {};
      this.log.error({ unwritten: this.pending, ...undelivered }, 'usage records were not written before the shutdown timeout and are lost');
    } finally {
      this.closing = false;
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
    if (!this.closing) this.startFlush();
  };

  private retryDelay(): number {
    return Math.min(this.retryMaxMs, this.retryMinMs * 2 ** Math.max(0, this.failures - 1));
  }

  private startFlush(): void {
    if (this.flushing !== undefined) return;
    const batch = this.retryBatch ?? this.queue.take(this.batchSize);
    this.retryBatch = undefined;
    if (batch.length === 0) return;
    this.flushing = this.write(batch);
  }

  private async write(batch: UsageRecordInput[]): Promise<void> {
    this.inFlight = batch.length;
    try {
      if (this.enrich) await this.enrichSafely(batch);
      await this.store.insertUsage(batch);
      this.failures = 0;
    } catch (error) {
      this.retryBatch = batch;
      this.failures++;
      this.log.error(
        { err: error, records: batch.length, attempt: this.failures, retryInMs: this.retryDelay(), queued: this.queue.length },
        'writing usage records failed; will retry',
      );
    } finally {
      this.inFlight = 0;
      this.flushing = undefined;
    }
    if (this.closing) return;
    if (this.retryBatch !== undefined) this.scheduleIn(this.retryDelay());
    else if (this.queue.length >= this.batchSize) this.scheduleIn(0);
    else if (this.queue.length > 0) this.scheduleIn(this.flushIntervalMs);
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
