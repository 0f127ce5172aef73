import type { FastifyBaseLogger } from 'fastify';
import type { PreparedUsage, Store, UsageRecordInput } from '../store/store.js';
import { UsageBatchBuilder } from '../store/usage/usage-batch.js';

export type RecorderLog = Pick<FastifyBaseLogger, 'warn' | 'error'>;

export type UsageRecorderOptions = {
  store: Pick<Store, 'insertPreparedUsage' | 'flushUsage'>;
  /** Or a function returning it, for a logger that exists only later (`() => app.log`, the app being built after). */
  log: RecorderLog | (() => RecorderLog);
  /** Runs on each batch before it is written, off the request path (client hostnames); a failure is logged. */
  enrich?: (batch: PreparedUsage) => Promise<void>;
  /** A batch is sealed (and handed to the store) at most this long after its first record. */
  flushIntervalMs?: number;
  /**
   * How long the store may hold a batch to write it in one transaction with the next ones
   * (Store.insertPreparedUsage's `withinMs`): a transaction's fixed cost is shared by more records.
   */
  writeWindowMs?: number;
  /** …or as soon as this many records are waiting; also the largest batch. */
  batchSize?: number;
  /** Records handed to the store and not yet written, at most (beyond that, sealed batches wait here). */
  maxInFlight?: number;
  /**
   * Records kept here while the database is unavailable; beyond that the oldest batches are dropped whole (with a
   * warning).
   */
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
 * Collects usage records and writes them in batches. `enqueue` is the only thing a request pays: the record goes
 * straight into the batch being collected, in columnar form (UsageBatchBuilder: numbers in a typed array, each
 * string once per batch), so the record object dies young and nothing per request stays on the JS heap. Every
 * `flushIntervalMs` (or at `batchSize` records) the batch is sealed and handed to the store
 * (`store.insertPreparedUsage`, after `enrich`), which may hold it up to `writeWindowMs` to write several in one
 * transaction. Up to `maxInFlight` records may be unwritten in the store at once.
 *
 * A failed write is retried with backoff, together with any other batch that failed, before anything newer is handed
 * over; meanwhile batches wait here, up to `maxQueue` records (beyond that the oldest batches are dropped, with a
 * warning). `close()` writes everything that is left (graceful shutdown).
 */
export class UsageRecorder {
  /** The batch being collected. */
  private readonly builder = new UsageBatchBuilder();
  /** Batches sealed and not handed to the store yet (it has maxInFlight, or a failure waits for its retry), oldest first. */
  private readonly prepared: PreparedUsage[] = [];
  private preparedRecords = 0;
  /** Writes handed over (being enriched, or in the store) and not settled. */
  private inFlightWrites = 0;
  private inFlightRecords = 0;
  /** Wakes close() when a write settles. */
  private onSettled: (() => void) | undefined;
  /** Batches whose write failed, in the order they were handed over: retried together before anything newer. */
  private failed: PreparedUsage[] = [];
  private failedRecords = 0;
  /** Failed rounds in a row (a round: the writes handed over in one state; several failing together count once). */
  private failures = 0;
  /** Seals the batch being collected, flushIntervalMs after its first record. */
  private sealTimer: NodeJS.Timeout | undefined;
  /** Retries the failed batches after the backoff. */
  private retryTimer: NodeJS.Timeout | undefined;
  /** Hands over a batch sealed because it was full. */
  private handOverSoon: NodeJS.Immediate | undefined;
  /** The last batch's enrichment: each waits for the one before, so batches reach the store in order. */
  private enriched: Promise<void> = Promise.resolve();
  private closing = false;
  private closed: Promise<void> | undefined;
  /** Records announced by reserve() and not yet delivered: responses still running. */
  private reserved = 0;
  /** Wakes close() when the last reserved record was delivered. */
  private onAllDelivered: (() => void) | undefined;
  private droppedSinceWarning = 0;
  private lastDropWarning = Number.NEGATIVE_INFINITY;

  private readonly store: Pick<Store, 'insertPreparedUsage' | 'flushUsage'>;
  private readonly logger: RecorderLog | (() => RecorderLog);
  private readonly enrich: ((batch: PreparedUsage) => Promise<void>) | undefined;
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
    this.flushIntervalMs = options.flushIntervalMs ?? 100;
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

  /** Records not yet written: being collected, sealed, being written, or waiting for a retry. */
  get pending(): number {
    return this.builder.records + this.preparedRecords + this.inFlightRecords + this.failedRecords;
  }

  /** In-memory only; never waits and never touches the database. */
  enqueue(record: UsageRecordInput): void {
    if (this.closed !== undefined && !this.closing) {
      this.noteDropped(1, 'usage recorder is closed: record dropped');
      return;
    }
    this.builder.add(record);
    if (this.builder.records >= this.batchSize) {
      // Sealing copies the batch's numbers (~92 kB at 500 records); handing it over waits until the request is done.
      this.seal();
      if (!this.closing) this.handOverSoon ??= setImmediate(this.onHandOverSoon).unref();
    } else if (this.sealTimer === undefined && !this.closing) {
      this.sealTimer = setTimeout(this.onSealTimer, this.flushIntervalMs);
      // A pending batch never keeps the process alive on its own; shutdown calls close(), which waits.
      this.sealTimer.unref();
    }
  }

  /**
   * Announces the record of a response still running; `deliver` brings it (or nothing, when there is no record after
   * all), once per `reserve`. close() waits for reserved records, within its timeout: an HTTP server's close resolves
   * as soon as its sockets are destroyed, a moment before the responses cut with them emit 'close', and the records of
   * streams cut at shutdown must still be written. A counter, not a closure per request: this is on every request.
   */
  reserve(): void {
    this.reserved++;
  }

  /** The record announced by an earlier reserve(); undefined when that request has none after all. */
  deliver(record?: UsageRecordInput): void {
    if (this.reserved > 0) this.reserved--; // never below 0, even if a caller delivers twice
    if (record !== undefined) this.enqueue(record);
    if (this.reserved === 0 && this.onAllDelivered !== undefined) {
      const wake = this.onAllDelivered;
      this.onAllDelivered = undefined;
      wake();
    }
  }

  /** Writes everything queued, retrying failures, and resolves when it is all written (or given up on). */
  close(options: CloseOptions = {}): Promise<void> {
    this.closed ??= this.drain(this.now() + (options.timeoutMs ?? Number.POSITIVE_INFINITY));
    return this.closed;
  }

  private async drain(deadline: number): Promise<void> {
    this.closing = true;
    this.clearTimers();
    try {
      for (;;) {
        if (this.builder.records > 0) {
          this.seal();
        } else if (this.healthy && this.prepared.length > 0) {
          this.handOver();
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

  private clearTimers(): void {
    clearTimeout(this.sealTimer);
    this.sealTimer = undefined;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    clearImmediate(this.handOverSoon);
    this.handOverSoon = undefined;
  }

  private readonly onSealTimer = (): void => {
    this.sealTimer = undefined;
    if (this.closing) return;
    this.seal();
    this.handOver();
  };

  private readonly onHandOverSoon = (): void => {
    this.handOverSoon = undefined;
    if (!this.closing) this.handOver();
  };

  private readonly onRetryTimer = (): void => {
    this.retryTimer = undefined;
    if (!this.closing) this.retryFailed();
  };

  /** The batch collected so far joins the sealed ones (the caller hands them over). */
  private seal(): void {
    clearTimeout(this.sealTimer);
    this.sealTimer = undefined;
    if (this.builder.records === 0) return;
    const batch = this.builder.seal();
    this.prepared.push(batch);
    this.preparedRecords += batch.records;
    this.dropBeyondMaxQueue();
  }

  /** While the database is unavailable, sealed batches wait; beyond maxQueue records the oldest go (the newest stays). */
  private dropBeyondMaxQueue(): void {
    let dropped = 0;
    while (this.prepared.length > 1 && this.preparedRecords > this.maxQueue) {
      const oldest = this.prepared.shift()!;
      this.preparedRecords -= oldest.records;
      dropped += oldest.records;
    }
    if (dropped > 0) this.noteDropped(dropped, 'usage queue is full (database unavailable?): oldest records dropped');
  }

  private retryDelay(): number {
    return Math.min(this.retryMaxMs, this.retryMinMs * 2 ** Math.max(0, this.failures - 1));
  }

  /** Hands sealed batches to the store, oldest first, while healthy and within maxInFlight (close(): all, now). */
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

  private write(batch: PreparedUsage, withinMs = this.writeWindowMs): void {
    const round = this.failures;
    this.inFlightWrites++;
    this.inFlightRecords += batch.records;
    const written = this.enrich === undefined ? this.insert(batch, withinMs) : this.enrichThenInsert(batch, withinMs);
    written.then(
      () => this.settled(batch, round, undefined),
      (error: unknown) => this.settled(batch, round, error ?? new Error('write failed')),
    );
  }

  /** During close() every batch is written at once, whenever it was handed over. */
  private insert(batch: PreparedUsage, withinMs: number): Promise<void> {
    return this.store.insertPreparedUsage(batch, this.closing ? 0 : withinMs);
  }

  /** Each batch's enrichment waits for the one before, so the batches still reach the store in their order. */
  private enrichThenInsert(batch: PreparedUsage, withinMs: number): Promise<void> {
    const enriched = this.enriched.then(() => this.enrichSafely(batch));
    this.enriched = enriched;
    return enriched.then(() => this.insert(batch, withinMs));
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
        { err: error, records: batch.records, attempt: this.failures, retryInMs: this.retryDelay(), queued: this.builder.records + this.preparedRecords },
        'writing usage records failed; will retry',
      );
    }
    if (this.inFlightWrites === 0 && this.failed.length === 0) this.failures = 0;
    const wake = this.onSettled;
    this.onSettled = undefined;
    wake?.();
    if (this.closing) return; // close() drives the rest
    if (this.inFlightWrites === 0 && this.failed.length > 0) {
      clearTimeout(this.retryTimer);
      this.retryTimer = setTimeout(this.onRetryTimer, this.retryDelay());
      this.retryTimer.unref();
    } else {
      this.handOver();
    }
  }

  /** Hostnames are a nice-to-have: a failure there never holds back the records themselves. */
  private async enrichSafely(batch: PreparedUsage): Promise<void> {
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
