import { parentPort, workerData } from 'node:worker_threads';
import { openSqliteKysely } from '../open-sqlite.js';
import { sqliteDialect } from '../sql-dialect.js';
import { insertUsage } from './insert-usage.js';
import type { UsageRow } from './usage-rows.js';
import type { WriterReply, WriterRequest } from './sqlite-usage-writer.js';

/**
 * The usage writer's thread (see sqlite-usage-writer.ts): its own connection to the database file, one batch at a
 * time, in arrival order. better-sqlite3 is synchronous, so on the main thread every batch would stop the event loop
 * for its whole write (~9 ms for 500 records).
 */
const port = parentPort;
if (!port) throw new Error('sqlite-usage-worker runs as a worker thread');
const db = openSqliteKysely((workerData as { path: string }).path);
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
      await insertUsage(db, sqliteDialect, JSON.parse(message.rows) as UsageRow[]);
      reply = { id: message.id, ok: true };
    } catch (error) {
      reply = { id: message.id, ok: false, message: error instanceof Error ? error.message : String(error) };
    }
    port.postMessage(reply);
  });
});
