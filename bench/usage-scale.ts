// Usage queries at scale: `npx tsx bench/usage-scale.ts` (BENCH_ROWS=1000000, BENCH_DB=sqlite|postgres).
// Fills a throw-away database with BENCH_ROWS usage records spread over 90 days (through Store.insertUsage, as the
// recorder writes them, so the hourly/daily aggregates are built the real way), then times what the admin UI's usage
// page asks for: summary, time series, four breakdowns and the first page of recent requests, over today, 30 days and
// 90 days, unfiltered and filtered by a tag. Prints the insert rate and each query's median of 5 runs, next to a full
// scan of the raw rows (COUNT(*) + SUM) as the baseline the aggregates avoid.
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { openStore } from '../src/store/open-store.js';
import type { Store } from '../src/store/store.js';
import type { UsageFilter, UsageRecordInput } from '../src/store/store-types.js';
import { createTestDatabase, type TestDialect } from '../src/store/testing/test-databases.js';
import { mulberry32 } from '../src/store/testing/seeded-random.js';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const DIALECT = (process.env.BENCH_DB ?? 'sqlite') as TestDialect;
const DAY = 86_400_000;
const BATCH = 500;
/** Distinct client addresses: with tags and models they set how many rows the aggregates keep per bucket. */
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 10);

const TAGS = ['default', 'team-a', 'team-b', 'ci', 'alice', 'bob', 'agent:coder', 'batch/nightly'];
const MODELS: Array<[string, string]> = [
  ['openai', 'gpt-4o'], ['openai', 'gpt-5-mini'], ['anthropic', 'claude-sonnet-4-6'], ['google', 'gemini-2.5-flash'],
  ['groq', 'llama-3.3-70b-versatile'], ['openrouter', 'meta-llama/llama-3.3-70b-instruct'], ['ollama', 'qwen3:8b'],
];

function record(random: () => number, time: number): UsageRecordInput {
  const [provider, model] = MODELS[Math.floor(random() * MODELS.length)]!;
  const tags = [TAGS[Math.floor(random() * TAGS.length)]!];
  if (random() < 0.2) tags.push(TAGS[Math.floor(random() * TAGS.length)]!);
  const failed = random() < 0.03;
  const input = Math.floor(random() * 4_000);
  const output = Math.floor(random() * 800);
  return {
    time, surface: random() < 0.5 ? 'openai' : 'ollama', endpoint: '/v1/chat/completions', requestedModel: model,
    provider, upstreamModel: model, tags: [...new Set(tags)], clientIp: `10.0.0.${Math.floor(random() * CLIENTS)}`,
    clientHost: null, userAgent: 'bench', stream: random() < 0.6, status: failed ? 502 : 200,
    errorKind: failed ? 'upstream_error' : null, inputTokens: failed ? null : input, outputTokens: failed ? null : output,
    reasoningTokens: null, cacheReadTokens: null, cacheWriteTokens: null, latencyMs: Math.floor(random() * 3_000),
    ttftMs: null, costMicros: failed ? null : input * 2 + output * 8, costSource: failed ? 'none' : 'computed',
  };
}

async function median(run: () => Promise<unknown>, times = 5): Promise<number> {
  const samples: number[] = [];
  for (let index = 0; index < times; index++) {
    const started = performance.now();
    await run();
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)]!;
}

async function fill(store: Store, now: number): Promise<number> {
  const random = mulberry32(42);
  const start = now - 90 * DAY;
  const step = (90 * DAY) / ROWS;
  const started = performance.now();
  for (let at = 0; at < ROWS; at += BATCH) {
    const batch: UsageRecordInput[] = [];
    for (let index = at; index < Math.min(ROWS, at + BATCH); index++) batch.push(record(random, Math.floor(start + index * step)));
    await store.insertUsage(batch);
    if (at % 100_000 === 0 && at > 0) process.stdout.write(`  ${at.toLocaleString('en-US')} rows…\n`);
  }
  return ROWS / ((performance.now() - started) / 1000);
}

async function main(): Promise<void> {
  const database = await createTestDatabase(DIALECT);
  const store = await openStore(database.options);
  try {
    const now = Date.now();
    // The store keeps its Kysely instance private; the bench reads it for ANALYZE and the raw-scan baseline.
    const db = (store as unknown as { db: import('kysely').Kysely<Record<string, never>> }).db;
    console.log(`usage at scale on ${DIALECT}: ${ROWS.toLocaleString('en-US')} records over 90 days`);
    const rate = await fill(store, now);
    console.log(`insert: ${Math.round(rate).toLocaleString('en-US')} records/s in batches of ${BATCH}`);
    if (DIALECT === 'postgres') {
      // A million rows inserted in a minute are ahead of autovacuum's ANALYZE; with stale statistics PostgreSQL picks
      // scans for the tag filters (1.6 s instead of 60 ms). A running instance is analyzed as its table grows.
      const started = performance.now();
      await sql`analyze`.execute(db);
      console.log(`analyze: ${Math.round(performance.now() - started)} ms`);
    }

    const startOfToday = Math.floor(now / DAY) * DAY;
    const ranges: Array<[string, UsageFilter]> = [
      ['today', { from: startOfToday, to: now }],
      ['30 days', { from: now - 30 * DAY, to: now }],
      ['90 days', { from: now - 90 * DAY, to: now }],
      ['90 days, tag team-a', { from: now - 90 * DAY, to: now, tags: ['team-a'] }],
    ];
    console.log('\nmedian ms of 5 | summary | series | by tag | by provider | by model | by client | recent page | page total');
    for (const [name, filter] of ranges) {
      const bucket = filter.to - filter.from > 2 * DAY ? 'day' : 'hour';
      const cells = [
        await median(() => store.usageSummary(filter)),
        await median(() => store.usageTimeSeries(filter, bucket)),
        await median(() => store.usageBreakdown(filter, 'tag', 20)),
        await median(() => store.usageBreakdown(filter, 'provider', 20)),
        await median(() => store.usageBreakdown(filter, 'model', 20)),
        await median(() => store.usageBreakdown(filter, 'client', 20)),
        await median(() => store.recentUsage(filter, { limit: 50, offset: 0 })),
      ];
      const total = (await store.recentUsage(filter, { limit: 1, offset: 0 })).total;
      console.log(`${name.padEnd(20)} | ${cells.map((ms) => ms.toFixed(1).padStart(6)).join(' | ')} | ${total.toLocaleString('en-US')}`);
    }
    // Baseline: what a chart would cost if it scanned the raw rows instead of the aggregates.
    {
      const scan = await median(() => sql`select count(*), sum(input_tokens), sum(cost_micros) from usage_records`.execute(db), 3);
      console.log(`\nbaseline: a full scan of the raw records (count + sums) takes ${scan.toFixed(1)} ms`);
    }
  } finally {
    await store.close();
    await database.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
