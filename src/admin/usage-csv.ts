import type { UsageRecord } from '../store/store.js';

/**
 * CSV export of usage records (RFC 4180: comma-separated, CRLF line ends, fields with a comma, quote or line break
 * quoted with doubled quotes). Text from clients (tags, model names, user agents) may start with `=`, `+`, `-`,
 * `@`, a tab or a carriage return, which spreadsheets run as a formula: such cells get a leading apostrophe.
 */
export const USAGE_CSV_COLUMNS = [
  'time', 'surface', 'endpoint', 'requested_model', 'provider', 'upstream_model', 'tags', 'client_ip', 'client_host',
  'user_agent', 'stream', 'status', 'error_kind', 'input_tokens', 'output_tokens', 'reasoning_tokens',
  'cache_read_tokens', 'cache_write_tokens', 'latency_ms', 'ttft_ms', 'cost_usd', 'cost_source',
] as const;

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** One text cell, protected against formula injection and quoted when needed. */
export function csvTextCell(value: string | null): string {
  if (value === null) return '';
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** Numbers we format ourselves (never negative, never text from a client); null is an empty cell. */
function numberCell(value: number | null): string {
  return value === null ? '' : String(value);
}

/** Exact decimal dollars from integer micro-dollars: 1234 → `0.001234`. */
export function microsToUsd(micros: number): string {
  const sign = micros < 0 ? '-' : '';
  const abs = Math.abs(micros);
  return `${sign}${Math.floor(abs / 1_000_000)}.${String(abs % 1_000_000).padStart(6, '0')}`;
}

export function usageCsvRow(record: UsageRecord): string {
  const cells = [
    new Date(record.time).toISOString(),
    csvTextCell(record.surface),
    csvTextCell(record.endpoint),
    csvTextCell(record.requestedModel),
    csvTextCell(record.provider),
    csvTextCell(record.upstreamModel),
    csvTextCell(record.tags.join(';')),
    csvTextCell(record.clientIp),
    csvTextCell(record.clientHost),
    csvTextCell(record.userAgent),
    record.stream ? 'true' : 'false',
    numberCell(record.status),
    csvTextCell(record.errorKind),
    numberCell(record.inputTokens),
    numberCell(record.outputTokens),
    numberCell(record.reasoningTokens),
    numberCell(record.cacheReadTokens),
    numberCell(record.cacheWriteTokens),
    numberCell(record.latencyMs),
    numberCell(record.ttftMs),
    record.costMicros === null ? '' : microsToUsd(record.costMicros),
    csvTextCell(record.costSource),
  ];
  return `${cells.join(',')}\r\n`;
}

const CHUNK_CHARS = 64 * 1024;

/**
 * The header line, then the records, pulled from the store page by page as the client reads (in chunks of about
 * 64 KiB, so a million rows are not a million socket writes).
 */
export async function* usageCsvChunks(records: AsyncIterable<UsageRecord>): AsyncGenerator<string> {
  let chunk = `${USAGE_CSV_COLUMNS.join(',')}\r\n`;
  for await (const record of records) {
    chunk += usageCsvRow(record);
    if (chunk.length >= CHUNK_CHARS) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk !== '') yield chunk;
}
