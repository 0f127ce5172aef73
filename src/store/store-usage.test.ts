import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from './open-store.js';
import type { Store } from './store.js';
import type {
  BreakdownDimension, BreakdownRow, TimeBucket, TimeSeriesPoint, UsageFilter, UsageRecord, UsageRecordInput, UsageTotals,
} from './store-types.js';
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from './testing/test-databases.js';
import { mulberry32 } from './testing/seeded-random.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** A UTC midnight; the data starts 3h17m after it, so ranges over it have ragged edges. */
const DAY0 = Date.UTC(2026, 4, 4);

describe.each(TEST_DIALECTS)('store usage on %s', (dialect) => {
  let database: TestDatabase;
  let store: Store;
  const records = randomRecords(20260504, 640);

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    store = await openStore(database.options);
    // Batches of varied size, in shuffled time order, so aggregates are built up by many upserts.
    const shuffled = shuffle([...records], mulberry32(9));
    for (let at = 0, size = 1; at < shuffled.length; at += size, size = (size * 7) % 151 + 1) {
      await store.insertUsage(shuffled.slice(at, at + size));
    }
  });
  afterAll(async () => {
    await store.close();
    await database.drop();
  });

  const ranges: Array<[string, number, number]> = [
    ['everything', DAY0 - DAY, DAY0 + 6 * DAY],
    ['whole days', DAY0 + DAY, DAY0 + 3 * DAY],
    ['whole hours', DAY0 + 5 * HOUR, DAY0 + 29 * HOUR],
    ['ragged days', DAY0 + 3 * HOUR + 17 * MINUTE, DAY0 + 3 * DAY + 2 * HOUR + 1],
    ['ragged hours', DAY0 + 30 * HOUR + 59 * MINUTE, DAY0 + 40 * HOUR + 12_345],
    ['inside one hour', DAY0 + 26 * HOUR + 5 * MINUTE, DAY0 + 26 * HOUR + 50 * MINUTE],
    ['empty range', DAY0 + 2 * DAY, DAY0 + 2 * DAY],
  ];
  const filters: Array<[string, Omit<UsageFilter, 'from' | 'to'>]> = [
    ['no filter', {}],
    ['one tag', { tags: ['a'] }],
    ['two overlapping tags', { tags: ['a', 'b'] }],
    ['tags of disjoint requests', { tags: ['c', 'team-x'] }],
    ['an unknown tag', { tags: ['nobody'] }],
    ['providers', { providers: ['openai', 'openrouter'] }],
    ['models as provider/model and bare ids', { models: ['openai/gpt-4o', 'meta/llama-3.3-70b', 'claude-sonnet-4'] }],
    ['clients by IP and by hostname', { clients: ['10.0.0.2', 'nas.lan'] }],
    ['everything at once', { tags: ['b', 'c'], providers: ['openrouter', 'anthropic'], clients: ['10.0.0.1', '10.0.0.3', 'nas.lan'] }],
  ];

  it.each(ranges)('answers summaries, series and breakdowns like a scan of the raw records (%s)', async (_, from, to) => {
    for (const [name, rest] of filters) {
      const filter = { from, to, ...rest };
      const context = `${name}: ${JSON.stringify(filter)}`;
      expect(await store.usageSummary(filter), context).toEqual(referenceSummary(records, filter));
      for (const bucket of ['hour', 'day'] as const) {
        expect(await store.usageTimeSeries(filter, bucket), `${context} by ${bucket}`)
          .toEqual(referenceSeries(records, filter, bucket));
      }
      for (const by of ['tag', 'provider', 'model', 'client'] as const) {
        expect(await store.usageBreakdown(filter, by, 1000), `${context} by ${by}`)
          .toEqual(referenceBreakdown(records, filter, by, 1000));
      }
    }
  });

  it('counts a request once in totals and once per tag in the tag breakdown', async () => {
    const everything = { from: DAY0 - DAY, to: DAY0 + 6 * DAY };
    const multiTagged = records.filter((r) => r.tags.includes('a') && r.tags.includes('b')).length;
    expect(multiTagged).toBeGreaterThan(20);
    const withA = records.filter((r) => r.tags.includes('a')).length;
    const withB = records.filter((r) => r.tags.includes('b')).length;
    expect((await store.usageSummary({ ...everything, tags: ['a', 'b'] })).requests).toBe(withA + withB - multiTagged);
    const byTag = await store.usageBreakdown(everything, 'tag', 10);
    expect(byTag.find((row) => row.key === 'a')?.requests).toBe(withA);
    expect(byTag.find((row) => row.key === 'b')?.requests).toBe(withB);
    expect((await store.usageSummary(everything)).requests).toBe(records.length);
  });

  it('limits breakdowns to the top rows by requests', async () => {
    const filter = { from: DAY0 - DAY, to: DAY0 + 6 * DAY };
    const all = await store.usageBreakdown(filter, 'model', 1000);
    expect(all.length).toBeGreaterThan(3);
    expect(await store.usageBreakdown(filter, 'model', 3)).toEqual(all.slice(0, 3));
    expect(all.map((row) => row.key)).toContain('openrouter/meta/llama-3.3-70b');
    expect(all.map((row) => row.key)).toContain(''); // requests for unknown models have no provider/model
  });

  it('lists the distinct values in a range for the filter pickers', async () => {
    for (const [, from, to] of ranges.slice(0, 4)) {
      const inRange = records.filter((r) => r.time >= from && r.time < to);
      expect(await store.usageFacets(from, to)).toEqual({
        tags: distinct(inRange.flatMap((r) => r.tags)),
        providers: distinct(inRange.map((r) => r.provider ?? '')),
        models: distinct(inRange.map(modelKeyOf)),
        clients: distinct(inRange.map(clientKeyOf)),
      });
    }
  });

  it('pages recent requests newest first with the total count, nulls kept as null', async () => {
    const filter = { from: DAY0 + DAY, to: DAY0 + 3 * DAY + 7 * MINUTE, tags: ['b', 'c'] };
    const expected = newestFirst(records.filter((r) => matches(r, filter)));
    const first = await store.recentUsage(filter, { limit: 25, offset: 0 });
    const second = await store.recentUsage(filter, { limit: 25, offset: 25 });
    expect(first.total).toBe(expected.length);
    expect(second.total).toBe(expected.length);
    expect([...first.rows, ...second.rows].map(withoutId)).toEqual(expected.slice(0, 50));
    expect(first.rows[0]!.id).toBeGreaterThan(0);
    expect(expected.slice(0, 50).some((r) => r.inputTokens === null && r.costMicros === null)).toBe(true);
    expect(await store.recentUsage(filter, { limit: 10, offset: expected.length })).toEqual({ rows: [], total: expected.length });
  });

  it('iterates over every matching record, newest first, across pages', async () => {
    const everything = { from: DAY0 - DAY, to: DAY0 + 6 * DAY };
    const seen: UsageRecord[] = [];
    for await (const record of store.iterateUsage(everything)) seen.push(record);
    expect(seen).toHaveLength(records.length); // more than one page of 500
    expect(seen.map(withoutId)).toEqual(newestFirst(records));
    expect(new Set(seen.map((r) => r.id)).size).toBe(records.length);

    const filtered = { from: DAY0 + 30 * HOUR, to: DAY0 + 50 * HOUR, providers: ['anthropic'] };
    const some: UsageRecord[] = [];
    for await (const record of store.iterateUsage(filtered)) some.push(record);
    expect(some.map(withoutId)).toEqual(newestFirst(records.filter((r) => matches(r, filtered))));
  });

  it('treats unknown token counts as 0 in sums but keeps them null in the record', async () => {
    const time = DAY0 + 10 * DAY + 5 * MINUTE;
    const unknown = { ...records[0]!, time, inputTokens: null, outputTokens: null, reasoningTokens: null,
      cacheReadTokens: null, cacheWriteTokens: null, costMicros: null, costSource: 'none' as const, ttftMs: null };
    await store.insertUsage([unknown, { ...unknown, time: time + 1, inputTokens: 12, costMicros: 40, costSource: 'reported' }]);
    const filter = { from: DAY0 + 10 * DAY, to: DAY0 + 11 * DAY };
    const page = await store.recentUsage(filter, { limit: 10, offset: 0 });
    expect(page.rows.map(withoutId)).toEqual([{ ...unknown, time: time + 1, inputTokens: 12, costMicros: 40, costSource: 'reported' }, unknown]);
    expect(await store.usageSummary(filter)).toEqual({
      ...zeroTotals(), requests: 2, errors: Number(isError(unknown)) * 2, inputTokens: 12, costMicros: 40, reportedCostMicros: 40,
    });
    records.push(unknown, { ...unknown, time: time + 1, inputTokens: 12, costMicros: 40, costSource: 'reported' });
  });

  it('keeps usage across a restart', async () => {
    const everything = { from: DAY0 - DAY, to: DAY0 + 12 * DAY };
    const before = await store.usageSummary(everything);
    await store.close();
    store = await openStore(database.options);
    expect(await store.usageSummary(everything)).toEqual(before);
    expect(before.requests).toBe(records.length);
  });

  it('purges raw records and aggregates before the cut-off day, in batches', async () => {
    const before = DAY0 + 2 * DAY + 7 * HOUR; // rounded down to DAY0 + 2 days
    const cutoff = DAY0 + 2 * DAY;
    const old = records.filter((r) => r.time < cutoff);
    expect(old.length).toBeGreaterThan(100);
    expect(await store.purgeUsage(before, 37)).toBe(old.length);
    expect(await store.purgeUsage(before, 37)).toBe(0);

    const kept = records.filter((r) => r.time >= cutoff);
    const everything = { from: DAY0 - DAY, to: DAY0 + 12 * DAY };
    // Whole days before the cut-off are answered by the daily rows, so this is zero only if they went too.
    expect(await store.usageSummary({ from: DAY0 - DAY, to: cutoff })).toEqual(zeroTotals());
    expect(await store.usageTimeSeries({ from: DAY0 - DAY, to: cutoff }, 'hour')).toEqual([]);
    expect(await store.usageSummary(everything)).toEqual(referenceSummary(kept, everything));
    expect(await store.usageBreakdown(everything, 'tag', 100)).toEqual(referenceBreakdown(kept, everything, 'tag', 100));
    expect(await store.usageTimeSeries(everything, 'day')).toEqual(referenceSeries(kept, everything, 'day'));
    expect((await store.recentUsage(everything, { limit: 1, offset: 0 })).total).toBe(kept.length);
  });
});

describe.each(TEST_DIALECTS)('concurrent usage writers on %s', (dialect) => {
  it('lose nothing and never deadlock when batches hit the same aggregate rows at once', async () => {
    const database = await createTestDatabase(dialect);
    // PostgreSQL: two instances sharing the database. SQLite: one instance per file (better-sqlite3 blocks the
    // thread while it waits for a lock, so two connections in one process would stall each other).
    const stores = await Promise.all(Array.from({ length: dialect === 'postgres' ? 2 : 1 }, () => openStore(database.options)));
    try {
      const records = randomRecords(77, 400);
      const random = mulberry32(5);
      const batches = Array.from({ length: 16 }, (_, index) => shuffle(records.slice(index * 25, index * 25 + 25), random));
      await Promise.all(batches.map((batch, index) => stores[index % stores.length]!.insertUsage(batch)));
      const everything = { from: DAY0 - DAY, to: DAY0 + 6 * DAY };
      expect(await stores[0]!.usageSummary(everything)).toEqual(referenceSummary(records, everything));
      expect(await stores[0]!.usageBreakdown(everything, 'tag', 100)).toEqual(referenceBreakdown(records, everything, 'tag', 100));
      const ids = new Set<number>();
      for await (const record of stores[0]!.iterateUsage(everything)) ids.add(record.id);
      expect(ids.size).toBe(records.length);
    } finally {
      await Promise.all(stores.map((store) => store.close()));
      await database.drop();
    }
  });
});

// ---- random data ------------------------------------------------------------------------------------------------

function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

const MODELS: Array<[string | null, string | null]> = [
  ['openai', 'gpt-4o'], ['openai', 'gpt-4o-mini'], ['anthropic', 'claude-sonnet-4'],
  ['openrouter', 'meta/llama-3.3-70b'], ['openrouter', 'anthropic/claude-sonnet-4'], ['ollama', 'qwen3:8b'], [null, null],
];
const CLIENTS: Array<[string, string | null]> = [
  ['10.0.0.1', null], ['10.0.0.2', 'laptop.lan'], ['10.0.0.2', null], ['10.0.0.3', 'nas.lan'], ['::1', 'localhost'],
];
const TAG_LISTS = [['default'], ['a'], ['a', 'b'], ['b', 'a'], ['b'], ['c'], ['team-x', 'a'], ['c', 'b', 'a'], ['team-x']];

function randomRecords(seed: number, count: number): UsageRecordInput[] {
  const random = mulberry32(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const maybe = (value: number) => (random() < 0.2 ? null : value);
  const start = DAY0 + 3 * HOUR + 17 * MINUTE;
  return Array.from({ length: count }, (_, index) => {
    // A few records sit exactly on hour and day boundaries, where from-inclusive/to-exclusive matters.
    const boundary = index / 50; // 0..12: a distinct day and hour offset each, so no two share a time
    const time = Number.isInteger(boundary) ? DAY0 + (1 + (boundary % 4)) * DAY - Math.floor(boundary / 4) * HOUR
      : start + Math.floor(random() * 4.2 * DAY);
    const [provider, upstreamModel] = pick(MODELS);
    const [clientIp, clientHost] = pick(CLIENTS);
    const failure = random() < 0.15 ? pick([[429, 'rate_limited'], [499, 'client_closed'], [502, 'upstream_error'], [404, 'model_not_found']] as const) : null;
    const costSource = pick(['reported', 'computed', 'computed', 'none'] as const);
    return {
      time, surface: pick(['ollama', 'openai', 'anthropic'] as const), endpoint: pick(['/api/chat', '/v1/chat/completions']),
      requestedModel: upstreamModel ?? 'no-such-model', provider, upstreamModel, tags: pick(TAG_LISTS),
      clientIp, clientHost, userAgent: random() < 0.3 ? null : 'OpenAI/JS 6.30.1', stream: random() < 0.5,
      status: failure?.[0] ?? 200, errorKind: failure?.[1] ?? null,
      inputTokens: maybe(Math.floor(random() * 5000)), outputTokens: maybe(Math.floor(random() * 2000)),
      reasoningTokens: maybe(Math.floor(random() * 500)), cacheReadTokens: maybe(Math.floor(random() * 1000)),
      cacheWriteTokens: maybe(Math.floor(random() * 100)), latencyMs: Math.floor(random() * 30_000),
      ttftMs: maybe(Math.floor(random() * 3000)),
      costMicros: costSource === 'none' ? null : Math.floor(random() * 50_000), costSource,
    };
  });
}

// ---- the reference: what every query means, computed by scanning the records -----------------------------------

function modelKeyOf(r: UsageRecordInput): string {
  return r.provider && r.upstreamModel ? `${r.provider}/${r.upstreamModel}` : '';
}

function clientKeyOf(r: UsageRecordInput): string {
  return r.clientHost || r.clientIp;
}

function isError(r: UsageRecordInput): boolean {
  return r.errorKind !== null || r.status >= 400;
}

function matches(r: UsageRecordInput, f: UsageFilter): boolean {
  const anyOf = (list: string[] | undefined, ...values: string[]) => !list?.length || values.some((v) => list.includes(v));
  return r.time >= f.from && r.time < f.to
    && (!f.tags?.length || r.tags.some((tag) => f.tags!.includes(tag)))
    && anyOf(f.providers, r.provider ?? '')
    && anyOf(f.models, r.upstreamModel ?? '', modelKeyOf(r))
    && anyOf(f.clients, r.clientIp, r.clientHost ?? '');
}

function zeroTotals(): UsageTotals {
  return {
    requests: 0, errors: 0, inputTokens: 0, outputTokens: 0, reasoningTokens: 0, cacheReadTokens: 0,
    cacheWriteTokens: 0, costMicros: 0, reportedCostMicros: 0,
  };
}

function add(totals: UsageTotals, r: UsageRecordInput): void {
  totals.requests += 1;
  totals.errors += isError(r) ? 1 : 0;
  totals.inputTokens += r.inputTokens ?? 0;
  totals.outputTokens += r.outputTokens ?? 0;
  totals.reasoningTokens += r.reasoningTokens ?? 0;
  totals.cacheReadTokens += r.cacheReadTokens ?? 0;
  totals.cacheWriteTokens += r.cacheWriteTokens ?? 0;
  totals.costMicros += r.costMicros ?? 0;
  totals.reportedCostMicros += r.costSource === 'reported' ? (r.costMicros ?? 0) : 0;
}

function grouped<K>(records: UsageRecordInput[], filter: UsageFilter, keys: (r: UsageRecordInput) => K[]): Map<K, UsageTotals> {
  const groups = new Map<K, UsageTotals>();
  for (const r of records.filter((record) => matches(record, filter))) {
    for (const key of keys(r)) {
      if (!groups.has(key)) groups.set(key, zeroTotals());
      add(groups.get(key)!, r);
    }
  }
  return groups;
}

function referenceSummary(records: UsageRecordInput[], filter: UsageFilter): UsageTotals {
  return grouped(records, filter, () => ['']).get('') ?? zeroTotals();
}

function referenceSeries(records: UsageRecordInput[], filter: UsageFilter, bucket: TimeBucket): TimeSeriesPoint[] {
  const unit = bucket === 'hour' ? HOUR : DAY;
  return [...grouped(records, filter, (r) => [r.time - (r.time % unit)])]
    .map(([bucketStart, totals]) => ({ bucketStart, ...totals }))
    .sort((a, b) => a.bucketStart - b.bucketStart);
}

function referenceBreakdown(records: UsageRecordInput[], filter: UsageFilter, by: BreakdownDimension, limit: number): BreakdownRow[] {
  const keys = {
    tag: (r: UsageRecordInput) => r.tags,
    provider: (r: UsageRecordInput) => [r.provider ?? ''],
    model: (r: UsageRecordInput) => [modelKeyOf(r)],
    client: (r: UsageRecordInput) => [clientKeyOf(r)],
  }[by];
  return [...grouped(records, filter, keys)]
    .map(([key, totals]) => ({ key, ...totals }))
    .sort((a, b) => b.requests - a.requests || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .slice(0, limit);
}

function distinct(values: string[]): string[] {
  return [...new Set(values)].filter((value) => value !== '').sort();
}

/** Newest first (the generated times are distinct, so the store's tie-break by id never matters here). */
function newestFirst(records: UsageRecordInput[]): UsageRecordInput[] {
  return [...records].sort((a, b) => b.time - a.time);
}

function withoutId({ id: _id, ...record }: UsageRecord): UsageRecordInput {
  return record;
}
