import { describe, expect, it } from 'vitest';
import type { RequestTrace } from '../core/gateway.js';
import { buildUsageRecord, type RequestFacts } from './build-usage-record.js';

const facts: RequestFacts = {
  time: 1_760_000_000_000,
  startedAt: 1000,
  surface: 'openai',
  endpoint: '/v1/chat/completions',
  clientIp: '10.0.0.7',
  userAgent: 'OpenAI/JS 6.30.1',
  streamRequested: true,
};

const routed: RequestTrace = {
  requestedModel: 'gpt-4o@team-a',
  provider: 'openai',
  upstreamModel: 'gpt-4o',
  tags: ['team-a'],
  price: { input: 2.5, output: 10, cachedInput: 1.25, source: 'test', checkedAt: '2026-01-01' },
  stream: true,
  usage: { inputTokens: 1000, cacheReadTokens: 400, outputTokens: 300, reasoningTokens: 100 },
  firstTokenAt: 1180.4,
};

describe('buildUsageRecord', () => {
  it('builds a complete record for a finished stream', () => {
    const record = buildUsageRecord(facts, routed, { statusCode: 200, finished: true, endedAt: 1523.6 }, 'default');
    expect(record).toEqual({
      time: 1_760_000_000_000,
      surface: 'openai',
      endpoint: '/v1/chat/completions',
      requestedModel: 'gpt-4o',
      provider: 'openai',
      upstreamModel: 'gpt-4o',
      tags: ['team-a'],
      clientIp: '10.0.0.7',
      clientHost: null,
      userAgent: 'OpenAI/JS 6.30.1',
      stream: true,
      status: 200,
      errorKind: null,
      inputTokens: 1000,
      outputTokens: 300,
      reasoningTokens: 100,
      cacheReadTokens: 400,
      cacheWriteTokens: null,
      latencyMs: 524,
      ttftMs: 180,
      // 600 x 2.5 + 400 x 1.25 + 300 x 10 = 1,500 + 500 + 3,000
      costMicros: 5000,
      costSource: 'computed',
    });
  });

  it('records an abandoned response as 499 client_closed with the usage seen so far', () => {
    const record = buildUsageRecord(facts, { ...routed, usage: undefined }, { statusCode: 200, finished: false, endedAt: 1100 }, 'default');
    expect(record).toMatchObject({ status: 499, errorKind: 'client_closed', inputTokens: null, costMicros: null, costSource: 'none', ttftMs: 180 });
  });

  it('keeps a more precise reason when the server ended a failing response itself', () => {
    const record = buildUsageRecord(facts, { ...routed, errorKind: 'upstream_protocol' }, { statusCode: 200, finished: false, endedAt: 1100 }, 'default');
    expect(record).toMatchObject({ status: 200, errorKind: 'upstream_protocol' });
  });

  it('records a failure before routing with the default tag, the stream flag from the body and no model', () => {
    const record = buildUsageRecord(facts, { errorKind: 'invalid_request' }, { statusCode: 400, finished: true, endedAt: 1002 }, 'house');
    expect(record).toMatchObject({
      requestedModel: null, provider: null, upstreamModel: null, tags: ['house'], stream: true, status: 400,
      errorKind: 'invalid_request', ttftMs: null, costSource: 'none',
    });
  });

  it('gives an error status without a code the closest code, and success none', () => {
    expect(buildUsageRecord(facts, {}, { statusCode: 503, finished: true, endedAt: 1001 }, 'd').errorKind).toBe('internal');
    expect(buildUsageRecord(facts, {}, { statusCode: 404, finished: true, endedAt: 1001 }, 'd').errorKind).toBe('invalid_request');
    expect(buildUsageRecord(facts, {}, { statusCode: 200, finished: true, endedAt: 1001 }, 'd').errorKind).toBeNull();
  });

  it('keeps an in-band stream error on a 200', () => {
    const record = buildUsageRecord(facts, { ...routed, errorKind: 'upstream_timeout' }, { statusCode: 200, finished: true, endedAt: 2000 }, 'd');
    expect(record).toMatchObject({ status: 200, errorKind: 'upstream_timeout' });
  });

  it('caps a very long user agent', () => {
    const record = buildUsageRecord({ ...facts, userAgent: 'x'.repeat(5000) }, {}, { statusCode: 200, finished: true, endedAt: 1001 }, 'd');
    expect(record.userAgent).toHaveLength(512);
  });
});
