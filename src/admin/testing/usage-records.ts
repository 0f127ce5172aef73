import type { UsageRecord } from '../../store/store.js';

/** One plausible usage record; tests override what they look at. */
export function usageRecord(overrides: Partial<UsageRecord> = {}): UsageRecord {
  return {
    id: 1,
    time: Date.UTC(2026, 7, 14, 9, 30, 0, 123),
    surface: 'openai',
    endpoint: '/v1/chat/completions',
    requestedModel: 'gpt-4o',
    provider: 'openai',
    upstreamModel: 'gpt-4o',
    tags: ['default'],
    clientIp: '10.0.0.7',
    clientHost: null,
    userAgent: 'OpenAI/JS 6.30.1',
    stream: true,
    status: 200,
    errorKind: null,
    inputTokens: 12,
    outputTokens: 34,
    reasoningTokens: null,
    cacheReadTokens: 0,
    cacheWriteTokens: null,
    latencyMs: 812,
    ttftMs: 95,
    costMicros: 1234,
    costSource: 'computed',
    ...overrides,
  };
}
