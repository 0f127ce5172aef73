import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PreparedUsage, UsageRecordInput } from '../store/store.js';
import { setClientHosts, usageRecordsOf } from '../store/usage/usage-batch.js';
import { UsageRecorder, type RecorderLog } from './usage-recorder.js';

function record(id: number): UsageRecordInput {
  return {
    time: id, surface: 'openai', endpoint: '/v1/chat/completions', requestedModel: 'gpt-4o', provider: 'openai',
    upstreamModel: 'gpt-4o', tags: ['default'], clientIp: '127.0.0.1', clientHost: null, userAgent: null, stream: false,
    status: 200, errorKind: null, inputTokens: 1, outputTokens: 1, reasoningTokens: null, cacheReadTokens: null,
    cacheWriteTokens: null, latencyMs: 1, ttftMs: null, costMicros: null, costSource: 'none',
  };
}

/** A store stand-in: records each batch; `fail` makes the next writes reject; `hold` keeps writes pending. */
class FakeStore {
  readonly batches: number[][] = [];
  /** insertPreparedUsage's `withinMs` of each call. */
  readonly windows: (number | undefined)[] = [];
  flushes = 0;
  fail = 0;
  private held: Array<() => void> = [];
  hold = false;
  calls = 0;

  /** The client hostname of each record written. */
  readonly hosts: (string | null)[] = [];

  async insertPreparedUsage(batch: PreparedUsage, withinMs?: number): Promise<void> {
    this.calls++;
    this.windows.push(withinMs);
    if (this.fail > 0) {
      this.fail--;
      throw new Error('database is locked');
    }
    if (this.hold) await new Promise<void>((resolve) => this.held.push(resolve));
    const records = usageRecordsOf(batch);
    this.batches.push(records.map((entry) => entry.time));
    this.hosts.push(...records.map((entry) => entry.clientHost));
  }

  flushUsage(): void {
    this.flushes++;
  }

  release(): void {
    this.hold = false;
    for (const resolve of this.held.splice(0)) resolve();
  }

  get written(): number[] {
    return this.batches.flat();
  }
}

function fakeLog(): RecorderLog & { warnings: unknown[][]; errors: unknown[][] } {
  const warnings: unknown[][] = [];
  const errors: unknown[][] = [];
  return {
    warnings,
    errors,
    warn: ((...args: unknown[]) => warnings.push(args)) as RecorderLog['warn'],
    error: ((...args: unknown[]) => errors.push(args)) as RecorderLog['error'],
  };
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, index) => from + index);
}

describe('UsageRecorder', () => {
  let store: FakeStore;
  let log: ReturnType<typeof fakeLog>;

  beforeEach(() => {
    vi.useFakeTimers();
    store = new FakeStore();
    log = fakeLog();
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('only queues on enqueue, and writes everything in one batch after the flush interval (100 ms by default)', async () => {
    const recorder = new UsageRecorder({ store, log });
    for (const id of range(0, 3)) recorder.enqueue(record(id));
    expect(store.calls).toBe(0);
    await vi.advanceTimersByTimeAsync(99);
    expect(store.calls).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(store.batches).toEqual([[0, 1, 2]]);
    expect(recorder.pending).toBe(0);
  });

  it('writes at once when a full batch is waiting, in batches of at most batchSize', async () => {
    const recorder = new UsageRecorder({ store, log });
    for (const id of range(0, 1200)) recorder.enqueue(record(id));
    expect(store.calls).toBe(0); // still nothing synchronous
    await vi.advanceTimersByTimeAsync(1); // full batches do not wait for the interval
    expect(store.batches.map((batch) => batch.length)).toEqual([500, 500]);
    await vi.advanceTimersByTimeAsync(250); // the rest within an interval of the last write
    expect(store.batches.map((batch) => batch.length)).toEqual([500, 500, 200]);
    expect(store.written).toEqual(range(0, 1200));
  });

  it('hands each sealed batch to the store at once, with the write window, up to maxInFlight records unwritten', async () => {
    const recorder = new UsageRecorder({ store, log, maxInFlight: 600, flushIntervalMs: 20 });
    store.hold = true;
    recorder.enqueue(record(0));
    await vi.advanceTimersByTimeAsync(20);
    for (const id of range(1, 11)) recorder.enqueue(record(id));
    await vi.advanceTimersByTimeAsync(20);
    expect([store.calls, recorder.pending]).toEqual([2, 11]); // no waiting for the first write
    for (const id of range(11, 1011)) recorder.enqueue(record(id));
    await vi.advanceTimersByTimeAsync(20);
    // 11 + 500 in flight; the next 500 would pass 600, so they wait sealed.
    expect([store.calls, recorder.pending]).toEqual([3, 1011]);
    expect(store.windows).toEqual([250, 250, 250]);
    store.release(); // the three settle, and the waiting batch goes (no longer held)
    await vi.advanceTimersByTimeAsync(0);
    expect(store.batches.map((batch) => batch.length)).toEqual([1, 10, 500, 500]);
    expect(store.written).toEqual(range(0, 1011));
    expect(recorder.pending).toBe(0);
  });

  it('passes writeWindowMs to the store; close() writes with none and flushes what the store still holds', async () => {
    const recorder = new UsageRecorder({ store, log, writeWindowMs: 1000 });
    store.hold = true;
    recorder.enqueue(record(0));
    await vi.advanceTimersByTimeAsync(100);
    recorder.enqueue(record(1));
    const closed = recorder.close();
    await vi.advanceTimersByTimeAsync(0);
    expect(store.windows).toEqual([1000, 0]);
    expect(store.flushes).toBe(1);
    store.release();
    await closed;
    expect(store.written).toEqual([0, 1]);
  });

  it('retries a failed batch with doubling delays, before newer records, and loses nothing', async () => {
    const recorder = new UsageRecorder({ store, log, flushIntervalMs: 250, retryMinMs: 500 });
    store.fail = 2;
    recorder.enqueue(record(0));
    await vi.advanceTimersByTimeAsync(250);
    expect(store.calls).toBe(1);
    recorder.enqueue(record(1));
    await vi.advanceTimersByTimeAsync(499);
    expect(store.calls).toBe(1);
    await vi.advanceTimersByTimeAsync(1); // first retry after 500 ms, fails again
    expect(store.calls).toBe(2);
    await vi.advanceTimersByTimeAsync(999);
    expect(store.calls).toBe(2);
    await vi.advanceTimersByTimeAsync(1); // second retry after 1,000 ms succeeds
    await vi.advanceTimersByTimeAsync(250);
    expect(store.batches).toEqual([[0], [1]]);
    expect(log.errors).toHaveLength(2);
    expect(log.errors[0]![0]).toMatchObject({ records: 1, attempt: 1, retryInMs: 500 });
  });

  it('drops the oldest batches beyond maxQueue records while the database is down, warning once per interval', async () => {
    const recorder = new UsageRecorder({ store, log, maxQueue: 10, batchSize: 5, dropWarningIntervalMs: 60_000 });
    store.fail = Number.POSITIVE_INFINITY;
    for (const id of range(0, 5)) recorder.enqueue(record(id));
    await vi.advanceTimersByTimeAsync(0); // batch [0..4] fails and waits for its retry
    for (const id of range(5, 25)) recorder.enqueue(record(id)); // [5..9] and [10..14] are dropped
    expect(recorder.pending).toBe(15); // the failed batch + the 10 newest
    expect(log.warnings).toHaveLength(1);
    expect(log.warnings[0]![0]).toMatchObject({ dropped: 5, maxQueue: 10 });
    for (const id of range(25, 30)) recorder.enqueue(record(id)); // drops [15..19]: counted, not logged yet
    expect(log.warnings).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(60_000);
    for (const id of range(30, 35)) recorder.enqueue(record(id)); // drops [20..24]
    expect(log.warnings).toHaveLength(2);
    expect(log.warnings[1]![0]).toMatchObject({ dropped: 15 });
    store.fail = 0;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(store.written).toEqual([0, 1, 2, 3, 4, ...range(25, 35)]);
  });

  it('close() writes everything left at once and resolves when it is written', async () => {
    const recorder = new UsageRecorder({ store, log, flushIntervalMs: 60_000 });
    for (const id of range(0, 1234)) recorder.enqueue(record(id));
    await recorder.close();
    expect(store.written).toEqual(range(0, 1234));
    expect(recorder.pending).toBe(0);
  });

  it('close() retries through failures and writes records queued while it runs', async () => {
    const recorder = new UsageRecorder({ store, log, retryMinMs: 100 });
    store.fail = 2;
    recorder.enqueue(record(0));
    const closed = recorder.close();
    recorder.enqueue(record(1));
    await vi.advanceTimersByTimeAsync(100);
    await vi.advanceTimersByTimeAsync(200);
    await closed;
    expect(store.written).toEqual([0, 1]);
  });

  it('close() gives up after its timeout when the database stays down, and says how much was lost', async () => {
    const recorder = new UsageRecorder({ store, log, retryMinMs: 100 });
    store.fail = Number.POSITIVE_INFINITY;
    for (const id of range(0, 3)) recorder.enqueue(record(id));
    const closed = recorder.close({ timeoutMs: 1000 });
    await vi.advanceTimersByTimeAsync(1000);
    await closed;
    expect(log.errors.at(-1)![0]).toEqual({ unwritten: 3 });
  });

  it('close() waits for reserved records (responses cut at shutdown report a moment later) and writes them', async () => {
    const recorder = new UsageRecorder({ store, log });
    recorder.reserve();
    recorder.reserve();
    recorder.enqueue(record(0));
    let done = false;
    const closed = recorder.close().then(() => (done = true));
    await vi.advanceTimersByTimeAsync(1000);
    expect(done).toBe(false);
    recorder.deliver(record(1));
    await vi.advanceTimersByTimeAsync(1000);
    expect(done).toBe(false);
    recorder.deliver(); // a request that had no record after all
    await closed;
    expect(store.written).toEqual([0, 1]);
  });

  it('close() stops waiting for reserved records at its timeout and says so', async () => {
    const recorder = new UsageRecorder({ store, log });
    recorder.reserve();
    const closed = recorder.close({ timeoutMs: 1000 });
    await vi.advanceTimersByTimeAsync(1000);
    await closed;
    expect(log.errors.at(-1)![0]).toEqual({ unwritten: 0, undelivered: 1 });
  });

  it('drops (and warns about) records enqueued after close(), through a logger given lazily', async () => {
    const recorder = new UsageRecorder({ store, log: () => log });
    await recorder.close();
    recorder.enqueue(record(0));
    await vi.advanceTimersByTimeAsync(1000);
    expect(store.calls).toBe(0);
    expect(log.warnings).toHaveLength(1);
  });

  it('enriches each batch before writing it, and writes it anyway if that fails', async () => {
    let calls = 0;
    const recorder = new UsageRecorder({
      store,
      log,
      enrich: async (batch) => {
        calls++;
        if (calls === 2) throw new Error('resolver exploded');
        setClientHosts(batch, new Map([['127.0.0.1', 'host.lan']]));
      },
    });
    recorder.enqueue(record(0));
    await vi.advanceTimersByTimeAsync(250);
    recorder.enqueue(record(1));
    await vi.advanceTimersByTimeAsync(250);
    expect(store.written).toEqual([0, 1]);
    expect(store.hosts).toEqual(['host.lan', null]);
    expect(log.warnings).toHaveLength(1);
  });
});

describe('UsageRecorder timers', () => {
  it('never keeps the process alive with a pending flush (unref)', async () => {
    const refTimers = (): number => process.getActiveResourcesInfo().filter((name) => name === 'Timeout').length;
    const store = new FakeStore();
    const recorder = new UsageRecorder({ store, log: fakeLog(), flushIntervalMs: 60_000 });
    const before = refTimers();
    recorder.enqueue(record(0));
    expect(refTimers()).toBe(before);
    await recorder.close();
    expect(store.written).toEqual([0]);
  });
});
