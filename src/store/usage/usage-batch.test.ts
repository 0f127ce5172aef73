import { describe, expect, it } from 'vitest';
import type { UsageRecordInput } from '../store-types.js';
import { addressesWithoutHost, prepareUsageBatch, setClientHosts, UsageBatchBuilder, usageRecordsOf } from './usage-batch.js';

function record(index: number, changes: Partial<UsageRecordInput> = {}): UsageRecordInput {
  return {
    time: Date.UTC(2026, 10, 29, 12) + index, surface: 'openai', endpoint: '/v1/chat/completions', requestedModel: 'gpt-4o',
    provider: 'openai', upstreamModel: 'gpt-4o-2024-08-06', tags: ['team-a'], clientIp: '10.0.0.1', clientHost: null,
    userAgent: 'OpenAI/JS 6.9.1', stream: true, status: 200, errorKind: null, inputTokens: 12, outputTokens: 3,
    reasoningTokens: 0, cacheReadTokens: null, cacheWriteTokens: 2, latencyMs: 840, ttftMs: 120, costMicros: 45,
    costSource: 'computed', ...changes,
  };
}

describe('UsageBatchBuilder', () => {
  it('gives back every record exactly: nulls, zeros, tag lists, any string', () => {
    const records = [
      record(0),
      record(1, {
        surface: 'ollama', endpoint: '/api/chat', requestedModel: null, provider: null, upstreamModel: null, tags: ['a', 'b:c'],
        clientHost: 'box.lan', userAgent: null, stream: false, status: 499, errorKind: 'client_closed', inputTokens: null,
        outputTokens: null, reasoningTokens: null, cacheWriteTokens: null, latencyMs: 0, ttftMs: null, costMicros: null,
        costSource: 'none',
      }),
      record(2, { tags: [], requestedModel: 'mödel "quoted" \\ \n tab\t 🚀', userAgent: '', costMicros: 0, costSource: 'reported' }),
      record(3, { time: 8_640_000_000_000_000, inputTokens: 2 ** 53 - 1, surface: 'anthropic', endpoint: '/v1/messages' }),
    ];
    expect(usageRecordsOf(prepareUsageBatch(records))).toEqual(records);
  });

  it('stores each distinct string once per batch', () => {
    const batch = prepareUsageBatch(Array.from({ length: 100 }, (_, index) => record(index)));
    expect(batch.records).toBe(100);
    expect(batch.strings.sort()).toEqual(['/v1/chat/completions', '10.0.0.1', 'OpenAI/JS 6.9.1', 'computed', 'gpt-4o', 'gpt-4o-2024-08-06', 'openai', 'team-a']);
  });

  it('keeps values apart when they alternate between records and appear in several fields', () => {
    const records = Array.from({ length: 12 }, (_, index) => record(index, {
      userAgent: index % 3 === 0 ? null : `agent-${index % 2}`,
      clientIp: `10.0.0.${index % 2}`,
      requestedModel: index % 2 ? 'openai' : 'gpt-4o', // the same text as another field's value
      tags: index % 4 === 0 ? ['x', 'y'] : [`t${index % 3}`],
    }));
    expect(usageRecordsOf(prepareUsageBatch(records))).toEqual(records);
  });

  it('grows past its first capacity, and starts empty after each seal', () => {
    const builder = new UsageBatchBuilder();
    const first = Array.from({ length: 1000 }, (_, index) => record(index, { status: 200 + (index % 300) }));
    for (const entry of first) builder.add(entry);
    expect(builder.records).toBe(1000);
    const sealed = builder.seal();
    expect(builder.records).toBe(0);
    builder.add(record(5000, { clientIp: '10.9.9.9' }));
    const next = builder.seal();
    expect(usageRecordsOf(sealed)).toEqual(first);
    expect(usageRecordsOf(next)).toEqual([record(5000, { clientIp: '10.9.9.9' })]);
    expect(usageRecordsOf(builder.seal())).toEqual([]);
  });

  it('fills hostnames for the records without one (the reverse-DNS step)', () => {
    const batch = prepareUsageBatch([
      record(0), record(1, { clientIp: '10.0.0.2' }), record(2, { clientIp: '' }), record(3, { clientHost: 'known.lan' }),
    ]);
    expect([...addressesWithoutHost(batch)].sort()).toEqual(['10.0.0.1', '10.0.0.2']);
    setClientHosts(batch, new Map([['10.0.0.1', 'a.lan'], ['10.0.0.2', null]]));
    expect(usageRecordsOf(batch).map((entry) => entry.clientHost)).toEqual(['a.lan', null, null, 'known.lan']);
    expect([...addressesWithoutHost(batch)]).toEqual(['10.0.0.2']);
  });
});
