import { describe, expect, it } from 'vitest';
import type { UsageRecordInput } from '../store-types.js';
import { HOUR_MS } from './time-segments.js';
import { aggregateRows, ROW, USAGE_RECORD_COLUMNS, usageRows } from './usage-rows.js';

const RECORD: UsageRecordInput = {
  time: Date.UTC(2026, 10, 1, 10, 30), surface: 'openai', endpoint: '/v1/chat/completions', requestedModel: 'gpt-4o',
  provider: 'openai', upstreamModel: 'gpt-4o-2024-08-06', tags: ['team', 'ci', 'team'], clientIp: '10.0.0.1', clientHost: null,
  userAgent: 'OpenAI/JS 6.0.0', stream: true, status: 200, errorKind: null, inputTokens: 10, outputTokens: 2, reasoningTokens: null,
  cacheReadTokens: 4, cacheWriteTokens: null, latencyMs: 50, ttftMs: 12, costMicros: 7, costSource: 'reported',
};

const snakeCase = (name: string): string => name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

describe('usage rows', () => {
  it('ROW names the columns at its positions', () => {
    for (const [name, index] of Object.entries(ROW)) expect([name, USAGE_RECORD_COLUMNS[index]![0]]).toEqual([name, snakeCase(name)]);
  });

  it('a record becomes its values in column order, the tag list and the sorted distinct tag set as JSON', () => {
    expect(usageRows([RECORD])).toEqual([[
      RECORD.time, 'openai', '/v1/chat/completions', 'gpt-4o', 'openai', 'gpt-4o-2024-08-06', '["team","ci","team"]', '10.0.0.1', null,
      'OpenAI/JS 6.0.0', 1, 200, null, 0, 10, 2, null, 4, null, 50, 12, 7, 'reported', '["ci","team"]',
    ]]);
    expect(usageRows([{ ...RECORD, status: 499, errorKind: 'client_closed', stream: false }])[0]!.slice(10, 14)).toEqual([0, 499, 'client_closed', 1]);
  });

  it('aggregates fold rows by bucket and key, unknown counts adding 0, reported cost kept apart', () => {
    const later = { ...RECORD, time: RECORD.time + 60_000, inputTokens: null, costMicros: 5, costSource: 'computed' as const, status: 500, errorKind: 'upstream_error' };
    const otherHour = { ...RECORD, time: RECORD.time + HOUR_MS };
    const [first, second] = aggregateRows(usageRows([RECORD, later, otherHour]), HOUR_MS);
    expect(first).toEqual({
      bucket_start: Date.UTC(2026, 10, 1, 10), provider: 'openai', upstream_model: 'gpt-4o-2024-08-06', client_ip: '10.0.0.1',
      client_host: '', tag_set: '["ci","team"]', requests: 2, errors: 1, input_tokens: 10, output_tokens: 4, reasoning_tokens: 0,
      cache_read_tokens: 8, cache_write_tokens: 0, cost_micros: 12, reported_cost_micros: 7,
    });
    expect(second).toMatchObject({ bucket_start: Date.UTC(2026, 10, 1, 11), requests: 1 });
  });
});
