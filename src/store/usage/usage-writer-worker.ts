import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../open-store.js';
import { insertUsage } from './insert-usage.js';
import type { UsageRow } from './usage-rows.js';
import type { WriterDatabase, WriterReply, WriterRequest } from './usage-writer-thread.js';

/**
 * The usage writer's thread (see usage-writer-thread.ts): its own connection to the store's database (PostgreSQL:
 * a pool of one, batches go one at a time), one batch at a time, in arrival order.
 */
const port = parentPort;
if (!port) throw new Error('usage-writer-worker runs as a worker thread');
const { db, dialect } = openDatabase({ ...(workerData as WriterDatabase), postgresPoolSize: 1 });
let queue = Promise.resolve();

port.on('message', (message: WriterRequest) => {
  queue = queue.then(async () => {
    if (message.type === 'close') {
      await db.destroy();
      port.close();
      return;
    }
    let reply: WriterReply;
    try {
      await insertUsage(db, dialect, JSON.parse(message.rows) as UsageRow[]);
      reply = { id: message.id, ok: true };
    } catch (error) {
      reply = { id: message.id, ok: false, message: error instanceof Error ? error.message : String(error) };
    }
    port.postMessage(reply);
  });
});
