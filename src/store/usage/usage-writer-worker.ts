import { parentPort, workerData } from 'node:worker_threads';
import { insertUsage } from './insert-usage.js';
import type { PreparedUsage } from '../store-types.js';
import { openRawWriteConnection } from './raw-write-connection.js';
import { usageRecordsOf } from './usage-batch.js';
import { usageRows } from './usage-rows.js';
import type { WriterDatabase, WriterReply, WriterRequest } from './usage-writer-thread.js';

/**
 * The usage writer's thread (see usage-writer-thread.ts): its own connection to the store's database, straight over
 * the driver (raw-write-connection.ts), one transaction at a time. Batches wait here, not on the event loop, until
 * the earliest of them is due (`withinMs` after it arrived, or a flush); then every waiting batch, up to
 * MAX_ROWS_PER_WRITE records, is written in one transaction, in arrival order, and each gets the transaction's
 * outcome as its reply.
 */
const port = parentPort;
if (!port) throw new Error('usage-writer-worker runs as a worker thread');

/**
 * Rows per transaction at most, when a backlog has built up: one transaction holds SQLite's write lock (and
 * PostgreSQL's row locks on the aggregates) for its whole length, ~10 ms per 1,000 records.
 */
const MAX_ROWS_PER_WRITE = 5_000;

type Waiting = { id: number; batch: PreparedUsage; due: number };

/** Opened once; a failure to open fails each write (and is retried by the recorder), like a lost connection. */
const opening = openRawWriteConnection(workerData as WriterDatabase);
opening.catch(() => {}); // observed by every write
const waiting: Waiting[] = [];
let writing = false;
let closing = false;
let timer: NodeJS.Timeout | undefined;

port.on('message', (message: WriterRequest) => {
  if (message.type === 'insert') {
    waiting.push({ id: message.id, batch: message.batch, due: Date.now() + message.withinMs });
  } else if (message.type === 'flush') {
    for (const batch of waiting) batch.due = 0;
  } else {
    closing = true;
  }
  pump();
});

/** Writes what is due, or sets the timer for the earliest batch; after the last write of a close, ends the thread. */
function pump(): void {
  if (writing) return;
  clearTimeout(timer);
  timer = undefined;
  if (waiting.length === 0) {
    if (closing) void opening.then((connection) => connection.close()).catch(() => {}).finally(() => port!.close());
    return;
  }
  const due = waiting.reduce((earliest, batch) => Math.min(earliest, batch.due), Number.POSITIVE_INFINITY);
  const wait = closing ? 0 : due - Date.now();
  if (wait > 0) {
    timer = setTimeout(pump, wait);
    return;
  }
  let count = 1;
  let rows = waiting[0]!.batch.records;
  while (count < waiting.length && rows + waiting[count]!.batch.records <= MAX_ROWS_PER_WRITE) rows += waiting[count++]!.batch.records;
  writing = true;
  void write(waiting.splice(0, count)).finally(() => {
    writing = false;
    pump();
  });
}

async function write(batches: Waiting[]): Promise<void> {
  let failure: string | undefined;
  try {
    await insertUsage(await opening, batches.flatMap(({ batch }) => usageRows(usageRecordsOf(batch))));
  } catch (error) {
    failure = error instanceof Error ? error.message : String(error);
  }
  for (const batch of batches) {
    port!.postMessage((failure === undefined ? { id: batch.id, ok: true } : { id: batch.id, ok: false, message: failure }) satisfies WriterReply);
  }
}
