import type { Selectable } from 'kysely';
import type { UsageAggregateTable, UsageRecordsTable } from '../database.js';
import type { BulkColumn } from './bulk-insert.js';
import type { CostSource, Surface, UsageRecord, UsageRecordInput, UsageTotals } from '../store-types.js';

/** A request counts as an error when it carries an error kind or the client got a 4xx/5xx (499 included). */
export function isErrorRecord(record: Pick<UsageRecordInput, 'errorKind' | 'status'>): boolean {
  return record.errorKind !== null || record.status >= 400;
}

/** Aggregate key of a tag list: the distinct tags sorted, as JSON (unambiguous whatever characters a tag holds). */
export function tagSetKey(tags: readonly string[]): string {
  return JSON.stringify([...new Set(tags)].sort());
}

/**
 * usage_records columns in the order usageRow gives them (bulk inserts), with their PostgreSQL types. No id:
 * the database assigns it.
 */
export const USAGE_RECORD_COLUMNS = [
  ['time', 'bigint'], ['surface', 'text'], ['endpoint', 'text'], ['requested_model', 'text'],
  ['provider', 'text'], ['upstream_model', 'text'], ['tags', 'text'], ['client_ip', 'text'], ['client_host', 'text'],
  ['user_agent', 'text'], ['stream', 'integer'], ['status', 'integer'], ['error_kind', 'text'], ['is_error', 'integer'],
  ['input_tokens', 'bigint'], ['output_tokens', 'bigint'], ['reasoning_tokens', 'bigint'], ['cache_read_tokens', 'bigint'],
  ['cache_write_tokens', 'bigint'], ['latency_ms', 'bigint'], ['ttft_ms', 'bigint'], ['cost_micros', 'bigint'],
  ['cost_source', 'text'], ['tag_set', 'text'],
] as const satisfies ReadonlyArray<readonly [keyof UsageRecordsTable, BulkColumn[1]]>;

/**
 * A usage_records row as values in USAGE_RECORD_COLUMNS order: what bulk inserts bind (as one JSON parameter,
 * bulk-insert.ts), built on the writer's side from a batch's columnar form (usage-batch.ts).
 */
export type UsageRow = [
  time: number, surface: Surface, endpoint: string, requestedModel: string | null, provider: string | null,
  upstreamModel: string | null, tags: string, clientIp: string, clientHost: string | null, userAgent: string | null,
  stream: 0 | 1, status: number, errorKind: string | null, isError: 0 | 1, inputTokens: number | null,
  outputTokens: number | null, reasoningTokens: number | null, cacheReadTokens: number | null,
  cacheWriteTokens: number | null, latencyMs: number, ttftMs: number | null, costMicros: number | null,
  costSource: CostSource, tagSet: string,
];

/** Positions in UsageRow of the values the aggregates read (usage-rows.test.ts checks them against the columns). */
export const ROW = {
  time: 0, provider: 4, upstreamModel: 5, clientIp: 7, clientHost: 8, isError: 13, inputTokens: 14, outputTokens: 15,
  reasoningTokens: 16, cacheReadTokens: 17, cacheWriteTokens: 18, costMicros: 21, costSource: 22, tagSet: 23,
} as const;

/** A record's row; `tags` is its tag list as JSON, `tagSet` tagSetKey's. */
export function usageRow(record: UsageRecordInput, tags: string, tagSet: string): UsageRow {
  return [
    record.time, record.surface, record.endpoint, record.requestedModel, record.provider, record.upstreamModel,
    tags, record.clientIp, record.clientHost, record.userAgent, record.stream ? 1 : 0,
    record.status, record.errorKind, isErrorRecord(record) ? 1 : 0, record.inputTokens, record.outputTokens,
    record.reasoningTokens, record.cacheReadTokens, record.cacheWriteTokens, record.latencyMs, record.ttftMs,
    record.costMicros, record.costSource, tagSet,
  ];
}

/** The rows of a batch. Requests of one client mostly repeat the same tag list: each list's set key is computed once. */
export function usageRows(records: readonly UsageRecordInput[]): UsageRow[] {
  const keyOfList = new Map<string, string>();
  return records.map((record) => {
    const list = JSON.stringify(record.tags);
    let key = keyOfList.get(list);
    if (key === undefined) keyOfList.set(list, (key = tagSetKey(record.tags)));
    return usageRow(record, list, key);
  });
}

const nullableNumber = (value: number | null) => (value === null ? null : Number(value));

export function fromUsageRow(row: Selectable<UsageRecordsTable>): UsageRecord {
  return {
    id: Number(row.id),
    time: Number(row.time),
    surface: row.surface as Surface,
    endpoint: row.endpoint,
    requestedModel: row.requested_model,
    provider: row.provider,
    upstreamModel: row.upstream_model,
    tags: JSON.parse(row.tags) as string[],
    clientIp: row.client_ip,
    clientHost: row.client_host,
    userAgent: row.user_agent,
    stream: Number(row.stream) === 1,
    status: Number(row.status),
    errorKind: row.error_kind,
    inputTokens: nullableNumber(row.input_tokens),
    outputTokens: nullableNumber(row.output_tokens),
    reasoningTokens: nullableNumber(row.reasoning_tokens),
    cacheReadTokens: nullableNumber(row.cache_read_tokens),
    cacheWriteTokens: nullableNumber(row.cache_write_tokens),
    latencyMs: Number(row.latency_ms),
    ttftMs: nullableNumber(row.ttft_ms),
    costMicros: nullableNumber(row.cost_micros),
    costSource: row.cost_source as CostSource,
  };
}

type AggregateRow = Omit<UsageAggregateTable, 'id'>;

/** The dimension columns of an aggregate row, in unique-key order. */
export const AGGREGATE_KEY = ['bucket_start', 'provider', 'upstream_model', 'client_ip', 'client_host', 'tag_set'] as const;
/** The counters of an aggregate row, added together on upsert. */
export const AGGREGATE_SUMS = [
  'requests', 'errors', 'input_tokens', 'output_tokens', 'reasoning_tokens', 'cache_read_tokens', 'cache_write_tokens',
  'cost_micros', 'reported_cost_micros',
] as const;

/**
 * Folds a batch into aggregate rows for buckets of `unit` ms, one row per distinct key, sorted by key: a single
 * INSERT … ON CONFLICT may not touch a row twice, and a fixed order keeps concurrent PostgreSQL writers from
 * deadlocking on each other's rows. Unknown token counts add 0 here, and only here.
 */
export function aggregateRows(rows: readonly UsageRow[], unit: number): AggregateRow[] {
  const aggregates = new Map<string, AggregateRow>();
  for (const row of rows) {
    const time = row[ROW.time];
    const bucketStart = time - (((time % unit) + unit) % unit);
    const provider = row[ROW.provider] ?? '';
    const upstreamModel = row[ROW.upstreamModel] ?? '';
    const clientIp = row[ROW.clientIp];
    const clientHost = row[ROW.clientHost] ?? '';
    const tagSet = row[ROW.tagSet];
    // NUL never occurs in these values, so joining on it is unambiguous (and much cheaper than JSON per record).
    const key = `${bucketStart}\0${provider}\0${upstreamModel}\0${clientIp}\0${clientHost}\0${tagSet}`;
    let aggregate = aggregates.get(key);
    if (!aggregate) {
      aggregate = {
        bucket_start: bucketStart, provider, upstream_model: upstreamModel, client_ip: clientIp,
        client_host: clientHost, tag_set: tagSet, requests: 0, errors: 0, input_tokens: 0, output_tokens: 0,
        reasoning_tokens: 0, cache_read_tokens: 0, cache_write_tokens: 0, cost_micros: 0, reported_cost_micros: 0,
      };
      aggregates.set(key, aggregate);
    }
    const cost = row[ROW.costMicros] ?? 0;
    aggregate.requests += 1;
    aggregate.errors += row[ROW.isError];
    aggregate.input_tokens += row[ROW.inputTokens] ?? 0;
    aggregate.output_tokens += row[ROW.outputTokens] ?? 0;
    aggregate.reasoning_tokens += row[ROW.reasoningTokens] ?? 0;
    aggregate.cache_read_tokens += row[ROW.cacheReadTokens] ?? 0;
    aggregate.cache_write_tokens += row[ROW.cacheWriteTokens] ?? 0;
    aggregate.cost_micros += cost;
    if (row[ROW.costSource] === 'reported') aggregate.reported_cost_micros += cost;
  }
  return [...aggregates.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, aggregate]) => aggregate);
}

export function emptyTotals(): UsageTotals {
  return {
    requests: 0, errors: 0, inputTokens: 0, outputTokens: 0, reasoningTokens: 0, cacheReadTokens: 0,
    cacheWriteTokens: 0, costMicros: 0, reportedCostMicros: 0,
  };
}

export function addTotals(into: UsageTotals, more: UsageTotals): void {
  into.requests += more.requests;
  into.errors += more.errors;
  into.inputTokens += more.inputTokens;
  into.outputTokens += more.outputTokens;
  into.reasoningTokens += more.reasoningTokens;
  into.cacheReadTokens += more.cacheReadTokens;
  into.cacheWriteTokens += more.cacheWriteTokens;
  into.costMicros += more.costMicros;
  into.reportedCostMicros += more.reportedCostMicros;
}
