// Event-loop delay while usage batches are written: `npx tsx bench/usage-write-lag.ts worker|in-thread [sqlite|postgres]`.
// Writes 40 batches of 500 records 20 ms apart (as the recorder does under load) and prints the main thread's
// event-loop delay (p99, max): every millisecond of it is added to any request in flight at that moment. `in-thread`
// detaches the store's worker writer (a private field, poked here only) to show what a synchronous write costs.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { openStore } from '../src/store/open-store.js';
import { createTestDatabase } from '../src/store/testing/test-databases.js';
import type { UsageRecordInput } from '../src/store/store-types.js';
const useWorker = process.argv[2] === 'worker';
const dialect = process.argv[3] === 'postgres' ? 'postgres' : 'sqlite';
const db = await createTestDatabase(dialect);
const store = await openStore(db.options);
if (!useWorker) (store as unknown as { usageWriter: unknown }).usageWriter = undefined;
const rec = (i: number): UsageRecordInput => ({ time: Date.now() - i * 1000, surface: 'openai', endpoint: '/v1/chat/completions', requestedModel: 'gpt-4o', provider: 'openai', upstreamModel: 'gpt-4o', tags: i % 3 ? ['team-a'] : ['team-b', 'ci'], clientIp: '127.0.0.1', clientHost: null, userAgent: 'autocannon', stream: false, status: 200, errorKind: null, inputTokens: 12, outputTokens: 30, reasoningTokens: null, cacheReadTokens: null, cacheWriteTokens: null, latencyMs: 3, ttftMs: null, costMicros: 123, costSource: 'computed' });
await store.insertUsage([rec(0)]);
const h = monitorEventLoopDelay({ resolution: 1 }); h.enable();
const cpu0 = process.cpuUsage();
const t0 = performance.now();
for (let b = 0; b < 40; b++) { await store.insertUsage(Array.from({ length: 500 }, (_, i) => rec(b * 500 + i))); await new Promise((r) => setTimeout(r, 20)); }
h.disable();
console.log(`${dialect}, ${useWorker ? 'worker   ' : 'in-thread'}: event-loop delay p99 ${(h.percentile(99) / 1e6).toFixed(1)} ms, max ${(h.max / 1e6).toFixed(1)} ms over 40 batches of 500; wall ${(performance.now() - t0).toFixed(0)} ms`);
await store.close(); await db.drop();
