import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { UsageRecordInput } from '../store/store.js';
import { startAdminHarness, type AdminHarness } from './testing/admin-test-harness.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Noon, local time: "today" (since local midnight) and "this month" are unambiguous. */
const NOW = new Date(2026, 7, 14, 12, 0, 0).getTime();

function record(overrides: Partial<UsageRecordInput>): UsageRecordInput {
  return {
    time: NOW - HOUR,
    surface: 'openai',
    endpoint: '/v1/chat/completions',
    requestedModel: 'gpt-4o',
    provider: 'openai',
    upstreamModel: 'gpt-4o',
    tags: ['default'],
    clientIp: '10.0.0.1',
    clientHost: null,
    userAgent: 'OpenAI/JS 6.30.1',
    stream: false,
    status: 200,
    errorKind: null,
    inputTokens: 100,
    outputTokens: 50,
    reasoningTokens: null,
    cacheReadTokens: null,
    cacheWriteTokens: null,
    latencyMs: 400,
    ttftMs: null,
    costMicros: 1500,
    costSource: 'computed',
    ...overrides,
  };
}

const RECORDS: UsageRecordInput[] = [
  record({ time: NOW - HOUR, tags: ['team-a'] }),
  record({
    time: NOW - 2 * HOUR,
    tags: ['team-a', 'ci'],
    provider: 'openrouter',
    requestedModel: 'llama-70b@team-a,ci',
    upstreamModel: 'meta-llama/llama-3.3-70b-instruct',
    clientIp: '10.0.0.2',
    clientHost: 'nas.lan',
    stream: true,
    inputTokens: 1000,
    outputTokens: 200,
    reasoningTokens: 20,
    ttftMs: 90,
    costMicros: 2_000_000,
    costSource: 'reported',
  }),
  record({
    time: NOW - 30 * 60_000,
    tags: ['=HYPERLINK("http://evil")'],
    provider: 'groq',
    requestedModel: '+cmd',
    upstreamModel: 'llama-3.3-70b-versatile',
    userAgent: 'curl/8.0, "quoted"\nsecond line',
    status: 502,
    errorKind: 'upstream_error',
    inputTokens: null,
    outputTokens: null,
    costMicros: null,
    costSource: 'none',
  }),
  record({ time: NOW - 3 * DAY, tags: ['old'], inputTokens: 7, outputTokens: 3, costMicros: 10 }),
  record({ time: new Date(2026, 6, 30, 12).getTime(), tags: ['last-month'], inputTokens: 1, outputTokens: 1, costMicros: 1 }),
];

let h: AdminHarness;
let cookie: string;

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW);
  h = await startAdminHarness({ passwordFromEnv: 'usage-tests-password' });
  await h.store.insertUsage(RECORDS);
  cookie = await h.login();
});
afterAll(async () => {
  await h.close();
  vi.useRealTimers();
});

async function get(url: string) {
  const response = await h.app.inject({ url, headers: { cookie } });
  return { status: response.statusCode, body: response.body, headers: response.headers, json: () => response.json() };
}

describe('usage routes', () => {
  it('summarises the last 24 hours by default', async () => {
    const summary = await get('/api/usage/summary');
    expect(summary.status).toBe(200);
    expect(summary.json()).toEqual({
      requests: 3,
      errors: 1,
      inputTokens: 1100,
      outputTokens: 250,
      reasoningTokens: 20,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      costMicros: 2_001_500,
      reportedCostMicros: 2_000_000,
    });
    const everything = await get(`/api/usage/summary?from=${NOW - 60 * DAY}&to=${NOW + 1}`);
    expect(everything.json().requests).toBe(5);
  });

  it('passes every filter through to the store, lists split on commas and trimmed', async () => {
    const spy = vi.spyOn(h.store, 'usageSummary');
    const from = NOW - 7 * DAY;
    const response = await get(
      `/api/usage/summary?from=${from}&to=${NOW}&tags=team-a,%20ci,,team-a&providers=openai&providers=openrouter&models=openrouter/meta-llama/llama-3.3-70b-instruct,gpt-4o&clients=10.0.0.1,nas.lan`,
    );
    expect(response.status).toBe(200);
    expect(spy).toHaveBeenLastCalledWith({
      from,
      to: NOW,
      tags: ['team-a', 'ci'],
      providers: ['openai', 'openrouter'],
      models: ['openrouter/meta-llama/llama-3.3-70b-instruct', 'gpt-4o'],
      clients: ['10.0.0.1', 'nas.lan'],
    });
    expect(response.json().requests).toBe(2);
    expect((await get('/api/usage/summary?tags=team-a')).json().requests).toBe(2);
    expect((await get('/api/usage/summary?tags=ci')).json()).toMatchObject({ requests: 1, costMicros: 2_000_000 });
    expect((await get('/api/usage/summary?clients=nas.lan')).json().requests).toBe(1);
    expect((await get('/api/usage/summary?providers=groq')).json()).toMatchObject({ requests: 1, errors: 1 });
    spy.mockRestore();
  });

  it('rejects bad ranges and parameters, naming them', async () => {
    const cases: Array<[string, string]> = [
      [`/api/usage/summary?from=${NOW}&to=${NOW}`, "'from'"],
      [`/api/usage/summary?from=${NOW + HOUR}`, "'from'"],
      ['/api/usage/summary?to=yesterday', "'to'"],
      ['/api/usage/timeseries?bucket=minute', "'bucket'"],
      ['/api/usage/breakdown', "'by'"],
      ['/api/usage/breakdown?by=colour', "'by'"],
      ['/api/usage/breakdown?by=tag&limit=0', "'limit'"],
      ['/api/usage/requests?limit=501', "'limit'"],
      ['/api/usage/requests?offset=-1', "'offset'"],
    ];
    for (const [url, field] of cases) {
      const response = await get(url);
      expect(response.status, url).toBe(400);
      expect(response.json().error).toMatchObject({ code: 'invalid_request' });
      expect(response.json().error.message, url).toContain(field);
    }
  });

  it('answers time series in hours for short ranges and days for long ones', async () => {
    const hourly = await get('/api/usage/timeseries');
    expect(hourly.json().bucket).toBe('hour');
    const points = hourly.json().points as Array<{ requests: number; bucketStart: number }>;
    expect(points.reduce((sum, point) => sum + point.requests, 0)).toBe(3);
    const daily = await get(`/api/usage/timeseries?from=${NOW - 30 * DAY}&to=${NOW + 1}`);
    expect(daily.json().bucket).toBe('day');
    expect((daily.json().points as Array<{ requests: number }>).reduce((sum, point) => sum + point.requests, 0)).toBe(5);
    const spy = vi.spyOn(h.store, 'usageTimeSeries');
    await get(`/api/usage/timeseries?bucket=day&providers=openai`);
    expect(spy).toHaveBeenLastCalledWith({ from: NOW - DAY, to: NOW, providers: ['openai'] }, 'day');
    spy.mockRestore();
  });

  it('breaks usage down by tag (each tag counted), provider, model and client', async () => {
    const byTag = (await get('/api/usage/breakdown?by=tag')).json() as Array<{ key: string; requests: number }>;
    expect(Object.fromEntries(byTag.map((row) => [row.key, row.requests]))).toEqual({ 'team-a': 2, ci: 1, '=HYPERLINK("http://evil")': 1 });
    const byProvider = (await get('/api/usage/breakdown?by=provider&limit=1')).json() as Array<{ key: string }>;
    expect(byProvider).toHaveLength(1);
    const spy = vi.spyOn(h.store, 'usageBreakdown');
    await get('/api/usage/breakdown?by=client&limit=7&tags=ci');
    expect(spy).toHaveBeenLastCalledWith({ from: NOW - DAY, to: NOW, tags: ['ci'] }, 'client', 7);
    spy.mockRestore();
  });

  it('pages recent requests, newest first', async () => {
    const first = (await get('/api/usage/requests?limit=2')).json();
    expect(first.total).toBe(3);
    expect(first.rows.map((row: { time: number }) => row.time)).toEqual([NOW - 30 * 60_000, NOW - HOUR]);
    const second = (await get('/api/usage/requests?limit=2&offset=2')).json();
    expect(second.rows).toHaveLength(1);
    expect(second.rows[0]).toMatchObject({ tags: ['team-a', 'ci'], clientHost: 'nas.lan', costSource: 'reported', stream: true, inputTokens: 1000 });
  });

  it('lists facets for the range', async () => {
    const facets = (await get('/api/usage/facets')).json();
    expect([...facets.tags].sort()).toEqual(['=HYPERLINK("http://evil")', 'ci', 'team-a']);
    expect([...facets.providers].sort()).toEqual(['groq', 'openai', 'openrouter']);
    // A client is named by its hostname when one was resolved.
    expect([...facets.clients].sort()).toEqual(['10.0.0.1', 'nas.lan']);
  });

  it('exports the filtered requests as CSV, streamed from the store, with formulas defused', async () => {
    const iterate = vi.spyOn(h.store, 'iterateUsage');
    const recent = vi.spyOn(h.store, 'recentUsage');
    const from = NOW - 7 * DAY;
    const csv = await get(`/api/usage/export.csv?from=${from}&to=${NOW}`);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toBe('attachment; filename="switchboard-usage-2026-08-07-to-2026-08-14.csv"');
    expect(iterate).toHaveBeenCalledWith({ from, to: NOW });
    expect(recent).not.toHaveBeenCalled();
    const lines = csv.body.split('\r\n');
    expect(lines[0]).toBe(
      'time,surface,endpoint,requested_model,provider,upstream_model,tags,client_ip,client_host,user_agent,stream,status,error_kind,input_tokens,output_tokens,reasoning_tokens,cache_read_tokens,cache_write_tokens,latency_ms,ttft_ms,cost_usd,cost_source',
    );
    expect(lines.at(-1)).toBe('');
    expect(lines).toHaveLength(1 + 4 + 1);
    expect(lines[1]).toBe(
      `${new Date(NOW - 30 * 60_000).toISOString()},openai,/v1/chat/completions,'+cmd,groq,llama-3.3-70b-versatile,"'=HYPERLINK(""http://evil"")",10.0.0.1,,"curl/8.0, ""quoted""\nsecond line",false,502,upstream_error,,,,,,400,,,none`,
    );
    expect(lines[3]).toContain(',team-a;ci,10.0.0.2,nas.lan,');
    expect(lines[3]).toContain(',2.000000,reported');

    const filtered = await get('/api/usage/export.csv?tags=ci');
    expect(filtered.body.split('\r\n')).toHaveLength(3);
    expect(iterate).toHaveBeenLastCalledWith({ from: NOW - DAY, to: NOW, tags: ['ci'] });
    iterate.mockRestore();
    recent.mockRestore();
  });
});

describe('dashboard and widget', () => {
  it("report today's (since local midnight) and this month's totals", async () => {
    const dashboard = (await get('/api/dashboard')).json();
    expect(dashboard.today).toMatchObject({ requests: 3, inputTokens: 1100, outputTokens: 250, costMicros: 2_001_500 });
    expect(dashboard.month).toMatchObject({ requests: 4, inputTokens: 1107, outputTokens: 253, costMicros: 2_001_510 });
    expect(dashboard.providers.map((provider: { id: string }) => provider.id)).toEqual(['openai', 'groq']);
    expect(dashboard.modelCount).toBe(3);
    // The one system alias belongs to openai, which is active.
    expect(dashboard.aliasCount).toBe(1);

    const widget = await h.app.inject({ url: '/api/widget', headers: { authorization: 'Bearer usage-tests-password' } });
    expect(widget.json()).toEqual({
      requestsToday: 3,
      tokensToday: 1350,
      costTodayUsd: 2.0015,
      requestsMonth: 4,
      tokensMonth: 1360,
      costMonthUsd: 2.00151,
    });
  });
});
