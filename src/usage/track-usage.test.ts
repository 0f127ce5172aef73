import { request as httpRequest } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { Pool } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { loadCatalog } from '../catalog/load-catalog.js';
import type { Gateway } from '../core/gateway.js';
import { ProxyError } from '../core/proxy-error.js';
import type { StreamEvent } from '../core/stream-event.js';
import type { Usage } from '../core/usage.js';
import { ModelRegistry } from '../routing/model-registry.js';
import { RoutingGateway } from '../routing/routing-gateway.js';
import { buildApp } from '../server/build-app.js';
import type { PreparedUsage, Settings, Store, UsageRecordInput } from '../store/store.js';
import { DEFAULT_SETTINGS } from '../store/store-types.js';
import { usageRecordsOf } from '../store/usage/usage-batch.js';
import { FakeGateway } from '../../test/support/fake-gateway.js';
import { testModelSpec } from '../../test/support/test-model-spec.js';
import { ScriptedProvider } from './testing/scripted-provider.js';
import { UsageRecorder } from './usage-recorder.js';

const SECRET = 'sk-proj-Zq9vX2bN7mK4pL8rT1wY6cH3jF5dG0sA';

/** The store stand-in: only what the recorder calls. */
class MemoryStore implements Pick<Store, 'insertPreparedUsage' | 'flushUsage'> {
  readonly records: UsageRecordInput[] = [];
  async insertPreparedUsage(batch: PreparedUsage): Promise<void> {
    this.records.push(...usageRecordsOf(batch));
  }
  flushUsage(): void {}
}

type Harness = {
  app: FastifyInstance;
  base: string;
  settings: Settings;
  logs: string[];
  /** Waits until `count` records were enqueued, shuts everything down, and returns exactly what was written. */
  records(count: number): Promise<UsageRecordInput[]>;
};

const running: Harness[] = [];

async function start(gateway: Gateway, settings: Partial<Settings> = {}): Promise<Harness> {
  const store = new MemoryStore();
  const logs: string[] = [];
  const recorder = new UsageRecorder({ store, log: () => harness.app.log });
  let enqueued = 0;
  let waiter: { count: number; resolve: () => void } | undefined;
  const harness: Harness = {
    app: undefined as never,
    base: '',
    settings: { ...DEFAULT_SETTINGS, ...settings },
    logs,
    async records(count) {
      if (enqueued < count) await new Promise<void>((resolve) => (waiter = { count, resolve }));
      await harness.app.close(); // every response has closed: nothing more can be recorded
      await recorder.close();
      return store.records;
    },
  };
  harness.app = await buildApp({
    gateway,
    logLevel: 'info',
    bodyLimitBytes: 1024 * 1024,
    corsOrigins: [],
    logStream: { write: (line: string) => void logs.push(line) },
    usageTracking: {
      settings: () => harness.settings,
      recorder: {
        reserve: () => recorder.reserve(),
        deliver(record) {
          recorder.deliver(record);
          if (record === undefined) return;
          enqueued++;
          if (waiter && enqueued >= waiter.count) waiter.resolve();
        },
      },
    },
  });
  harness.base = await harness.app.listen({ host: '127.0.0.1', port: 0 });
  running.push(harness);
  return harness;
}

afterEach(async () => {
  for (const harness of running.splice(0)) await harness.app.close();
});

function fakeGateway(): FakeGateway {
  return new FakeGateway([
    { name: 'gpt-4o', spec: testModelSpec() },
    { name: 'text-embedding-3-small', spec: testModelSpec({ id: 'text-embedding-3-small', kind: 'embedding' }) },
  ]);
}

function routingGateway(): { gateway: RoutingGateway; provider: ScriptedProvider } {
  const provider = new ScriptedProvider('openai');
  const gateway = new RoutingGateway(new ModelRegistry(loadCatalog(), new Set(['openai'])), new Map([['openai', provider]]));
  return { gateway, provider };
}

const messages = [{ role: 'user', content: 'Hi' }];

async function post(harness: Harness, path: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${harness.base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // streams and plain text stay text
  }
  return { status: response.status, body: parsed };
}

describe('usage tracking on the API app', () => {
  it('records a successful request with surface, endpoint, model, client and the default tag', async () => {
    const harness = await start(fakeGateway());
    const answer = await post(harness, '/v1/chat/completions', { model: 'gpt-4o', messages }, { 'user-agent': 'test-agent/1' });
    expect(answer.status).toBe(200);
    const [record, ...rest] = await harness.records(1);
    expect(rest).toEqual([]);
    expect(record).toMatchObject({
      surface: 'openai', endpoint: '/v1/chat/completions', requestedModel: 'gpt-4o', provider: 'openai', tags: ['default'],
      clientIp: '127.0.0.1', clientHost: null, userAgent: 'test-agent/1', stream: false, status: 200, errorKind: null,
      ttftMs: null,
    });
    expect(record!.time).toBeGreaterThan(Date.now() - 60_000);
    expect(record!.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('records in-process requests (inject) as complete too', async () => {
    const harness = await start(fakeGateway());
    const answer = await harness.app.inject({ method: 'POST', url: '/api/chat', payload: { model: 'gpt-4o', messages, stream: false } });
    expect(answer.statusCode).toBe(200);
    const [record] = await harness.records(1);
    expect(record).toMatchObject({ status: 200, errorKind: null, userAgent: 'lightMyRequest' });
  });

  it('records every inference endpoint of both surfaces, and nothing for listings', async () => {
    const harness = await start(fakeGateway());
    await post(harness, '/api/chat', { model: 'gpt-4o', messages, stream: false });
    await post(harness, '/api/generate', { model: 'gpt-4o', prompt: 'Hi', stream: false });
    await post(harness, '/api/embed', { model: 'text-embedding-3-small', input: 'Hi' });
    await post(harness, '/api/embeddings', { model: 'text-embedding-3-small', prompt: 'Hi' });
    await post(harness, '/v1/completions', { model: 'gpt-4o', prompt: 'Hi' });
    await post(harness, '/v1/embeddings', { model: 'text-embedding-3-small', input: 'Hi' });
    await fetch(`${harness.base}/api/tags`);
    await fetch(`${harness.base}/v1/models`);
    await post(harness, '/api/show', { model: 'gpt-4o' });
    const records = await harness.records(6);
    expect(records.map((record) => [record.surface, record.endpoint, record.status])).toEqual([
      ['ollama', '/api/chat', 200],
      ['ollama', '/api/generate', 200],
      ['ollama', '/api/embed', 200],
      ['ollama', '/api/embeddings', 200],
      ['openai', '/v1/completions', 200],
      ['openai', '/v1/embeddings', 200],
    ]);
    expect(records.every((record) => record.stream === false && record.errorKind === null)).toBe(true);
  });

  describe('tags', () => {
    it('prefers the bearer token, then X-Proxy-Tag, then the model suffix, then the default tag', async () => {
      const { gateway } = routingGateway();
      const harness = await start(gateway, { defaultTag: 'house' });
      const body = { model: 'gpt-4o@suffix-a,suffix-b', messages };
      await post(harness, '/v1/chat/completions', body, { authorization: 'Bearer bearer-a, bearer-b', 'x-proxy-tag': 'header' });
      await post(harness, '/v1/chat/completions', body, { 'x-proxy-tag': 'header-a,header-b,header-a' });
      await post(harness, '/v1/chat/completions', body);
      await post(harness, '/v1/chat/completions', { model: 'gpt-4o', messages });
      const records = await harness.records(4);
      expect(records.map((record) => record.tags)).toEqual([
        ['bearer-a', 'bearer-b'],
        ['header-a', 'header-b'],
        ['suffix-a', 'suffix-b'],
        ['house'],
      ]);
      // The suffix is never part of the routed or recorded model
      expect(records.map((record) => [record.requestedModel, record.upstreamModel])).toEqual(Array(4).fill(['gpt-4o', 'gpt-4o']));
    });

    it('treats an empty suffix and an empty bearer token as no tag', async () => {
      const { gateway, provider } = routingGateway();
      const harness = await start(gateway);
      const first = await post(harness, '/api/chat', { model: 'gpt-4o@', messages, stream: false }, { authorization: 'Bearer ' });
      const second = await post(harness, '/api/chat', { model: 'gpt-4o@ , ', messages, stream: false }, { authorization: 'Bearer  ', 'x-proxy-tag': 'ci' });
      expect([first.status, second.status]).toEqual([200, 200]);
      const records = await harness.records(2);
      expect(records.map((record) => record.tags)).toEqual([['default'], ['ci']]);
      expect(provider.models).toEqual(['gpt-4o', 'gpt-4o']);
    });

    it('never uses, stores or logs a bearer value that looks like a secret', async () => {
      const harness = await start(fakeGateway());
      await post(harness, '/v1/chat/completions', { model: 'gpt-4o', messages }, { authorization: `Bearer ${SECRET}`, 'x-proxy-tag': 'team' });
      await post(harness, '/api/chat', { model: 'gpt-4o', messages, stream: false }, { authorization: `Bearer ${SECRET}` });
      // A failing request too: its error is logged
      await post(harness, '/v1/chat/completions', { model: 'nope', messages }, { authorization: `Bearer ${SECRET}` });
      await post(harness, '/v1/chat/completions', { model: 'gpt-4o', messages }, { authorization: `Bearer team-a,${SECRET}` });
      const records = await harness.records(4);
      expect(records.map((record) => record.tags)).toEqual([['team'], ['default'], ['default'], ['default']]);
      expect(JSON.stringify(records)).not.toContain('sk-proj');
      expect(harness.logs.length).toBeGreaterThan(0);
      expect(harness.logs.join('\n')).not.toContain('sk-proj');
    });

    it('answers a bad header tag with a 400 in the Ollama shape on /api/chat, before the gateway, and records it', async () => {
      const gateway = fakeGateway();
      const harness = await start(gateway);
      const answer = await post(harness, '/api/chat', { model: 'gpt-4o', messages, stream: false }, { 'x-proxy-tag': 'ok,not ok' });
      expect(answer.status).toBe(400);
      expect(answer.body).toEqual({ error: expect.stringContaining("invalid tag 'not ok' in the X-Proxy-Tag header") });
      expect(gateway.calls).toHaveLength(0);
      const [record] = await harness.records(1);
      expect(record).toMatchObject({ surface: 'ollama', status: 400, errorKind: 'invalid_request', tags: ['default'] });
    });

    it('answers a bad bearer tag with a 400 in the OpenAI shape on /v1/chat/completions', async () => {
      const gateway = fakeGateway();
      const harness = await start(gateway);
      const answer = await post(harness, '/v1/chat/completions', { model: 'gpt-4o', messages }, { authorization: 'Bearer team!' });
      expect(answer.status).toBe(400);
      expect(answer.body).toEqual({
        error: { message: expect.stringContaining("invalid tag 'team!' in the Authorization bearer token"), type: 'invalid_request_error', param: null, code: null },
      });
      expect(gateway.calls).toHaveLength(0);
      await harness.records(1);
    });

    it('answers a bad suffix tag with a 400 naming it, unless a header tag wins', async () => {
      const { gateway } = routingGateway();
      const harness = await start(gateway);
      const bad = await post(harness, '/v1/chat/completions', { model: 'gpt-4o@fine,wr*ng', messages });
      expect(bad.status).toBe(400);
      expect(JSON.stringify(bad.body)).toContain("invalid tag 'wr*ng' in the model name suffix");
      const overridden = await post(harness, '/v1/chat/completions', { model: 'gpt-4o@wr*ng', messages }, { 'x-proxy-tag': 'team' });
      expect(overridden.status).toBe(200);
      const records = await harness.records(2);
      expect(records.map((record) => [record.status, record.errorKind, record.tags])).toEqual([
        [400, 'invalid_request', ['default']],
        [200, null, ['team']],
      ]);
    });

    it('checks header tags even with tracking off, and records nothing then', async () => {
      const harness = await start(fakeGateway(), { trackingEnabled: false });
      expect((await post(harness, '/api/chat', { model: 'gpt-4o', messages, stream: false })).status).toBe(200);
      expect((await post(harness, '/api/chat', { model: 'gpt-4o', messages, stream: false }, { 'x-proxy-tag': 'a b' })).status).toBe(400);
      expect(await harness.records(0)).toEqual([]);
    });
  });

  describe('outcomes', () => {
    it('records usage, cost and first-token time of a stream through the real gateway', async () => {
      const { gateway, provider } = routingGateway();
      provider.events = streamEvents({ inputTokens: 1000, cacheReadTokens: 400, outputTokens: 300, reasoningTokens: 100 });
      const harness = await start(gateway);
      const answer = await post(harness, '/v1/chat/completions', { model: 'gpt-4o', messages, stream: true, stream_options: { include_usage: true } });
      expect(String(answer.body)).toContain('data: [DONE]');
      const [record] = await harness.records(1);
      expect(record).toMatchObject({
        stream: true, status: 200, errorKind: null, provider: 'openai', upstreamModel: 'gpt-4o',
        inputTokens: 1000, outputTokens: 300, reasoningTokens: 100, cacheReadTokens: 400, cacheWriteTokens: null,
        // 600 x $2.50 + 400 x $1.25 + 300 x $10 per million
        costMicros: 5000, costSource: 'computed',
      });
      expect(record!.ttftMs).toBeTypeOf('number');
      expect(record!.ttftMs!).toBeLessThanOrEqual(record!.latencyMs);
    });

    it('records the provider-reported cost of a non-stream answer', async () => {
      const { gateway, provider } = routingGateway();
      provider.usage = { inputTokens: 100, outputTokens: 20, reportedCostUsd: 0.000321 };
      const harness = await start(gateway);
      await post(harness, '/api/chat', { model: 'gpt-4o', messages, stream: false });
      const [record] = await harness.records(1);
      expect(record).toMatchObject({ stream: false, inputTokens: 100, outputTokens: 20, costMicros: 321, costSource: 'reported' });
    });

    it('records failures with their status and error kind', async () => {
      const gateway = fakeGateway();
      const harness = await start(gateway);
      gateway.failNext = new ProxyError('rate_limited', 'slow down', { retryAfter: '3' });
      expect((await post(harness, '/v1/chat/completions', { model: 'gpt-4o', messages })).status).toBe(429);
      expect((await post(harness, '/api/chat', { model: 'unknown-model', messages, stream: false })).status).toBe(404);
      expect((await post(harness, '/v1/chat/completions', '{"model": "gpt-4o", "messages": [')).status).toBe(400);
      gateway.failNext = new ProxyError('upstream_timeout', 'too slow');
      expect((await post(harness, '/api/chat', { model: 'gpt-4o', messages })).status).toBe(504);
      const records = await harness.records(4);
      expect(records.map((record) => [record.endpoint, record.status, record.errorKind, record.requestedModel, record.stream])).toEqual([
        ['/v1/chat/completions', 429, 'rate_limited', 'gpt-4o', false],
        ['/api/chat', 404, 'model_not_found', 'unknown-model', false],
        ['/v1/chat/completions', 400, 'invalid_request', null, false],
        // Ollama streams by default: the flag comes from the request when the gateway failed
        ['/api/chat', 504, 'upstream_timeout', 'gpt-4o', true],
      ]);
    });

    it('records an in-band stream error on a 200', async () => {
      const { gateway, provider } = routingGateway();
      provider.events = [...streamEvents({}).slice(0, 3), { type: 'error', error: new ProxyError('upstream_timeout', 'upstream went quiet') }];
      const harness = await start(gateway);
      const answer = await post(harness, '/api/chat', { model: 'gpt-4o', messages });
      expect(answer.status).toBe(200);
      const [record] = await harness.records(1);
      expect(record).toMatchObject({ stream: true, status: 200, errorKind: 'upstream_timeout', inputTokens: null });
    });

    it.each([
      ['/v1/chat/completions', { model: 'gpt-4o@team', messages, stream: true }, 'openai'],
      ['/api/chat', { model: 'gpt-4o@team', messages }, 'ollama'],
    ] as const)('records exactly one 499 for a stream the client abandoned (%s)', async (path, body, surface) => {
      const { gateway, provider } = routingGateway();
      provider.events = streamEvents({ inputTokens: 5, outputTokens: 5 });
      provider.hangAfter = 3; // after the first content delta: the upstream goes on "thinking"
      const harness = await start(gateway);
      await abandonAfterFirstChunk(`${harness.base}${path}`, body);
      const records = await harness.records(1);
      expect(records).toHaveLength(1);
      expect(records[0]).toMatchObject({
        surface, status: 499, errorKind: 'client_closed', stream: true, tags: ['team'], provider: 'openai',
        inputTokens: null, costSource: 'none',
      });
      expect(records[0]!.ttftMs).toBeTypeOf('number');
    });

    it('records exactly one 499 for a one-shot request the client gave up on', async () => {
      const { gateway, provider } = routingGateway();
      provider.hang = true;
      const harness = await start(gateway);
      const arrived = provider.nextArrival();
      const controller = new AbortController();
      const pending = fetch(`${harness.base}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gpt-4o', messages }),
        signal: controller.signal,
      }).catch((error: unknown) => error);
      await arrived;
      controller.abort();
      await pending;
      const records = await harness.records(1);
      expect(records).toHaveLength(1);
      expect(records[0]).toMatchObject({ status: 499, errorKind: 'client_closed', stream: false, ttftMs: null });
    });
  });

  it('records exactly one 499 for a client that leaves while still sending its body', async () => {
    const gateway = fakeGateway();
    const harness = await start(gateway);
    await new Promise<void>((resolve) => {
      const request = httpRequest(`${harness.base}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': '1000' } });
      request.on('error', () => {});
      // Once the headers and half a body are on the wire, hang up.
      request.write('{"model":"gpt-4o","messages":[', () => {
        request.destroy();
        resolve();
      });
    });
    const records = await harness.records(1);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ endpoint: '/api/chat', status: 499, errorKind: 'client_closed', requestedModel: null });
    expect(gateway.calls).toHaveLength(0);
  });

  describe('client address', () => {
    it('believes X-Forwarded-For only from a trusted proxy', async () => {
      const harness = await start(fakeGateway(), { trustedProxies: ['127.0.0.0/8'] });
      await post(harness, '/v1/chat/completions', { model: 'gpt-4o', messages }, { 'x-forwarded-for': '6.6.6.6, 198.51.100.4' });
      harness.settings = { ...harness.settings, trustedProxies: [] };
      await post(harness, '/v1/chat/completions', { model: 'gpt-4o', messages }, { 'x-forwarded-for': '198.51.100.4' });
      const records = await harness.records(2);
      expect(records.map((record) => record.clientIp)).toEqual(['198.51.100.4', '127.0.0.1']);
    });
  });

  it('records exactly 2,000 records for 2,000 concurrent requests', async () => {
    const harness = await start(fakeGateway());
    const pool = new Pool(harness.base, { connections: 2000 });
    try {
      const paths = ['/v1/chat/completions', '/api/chat', '/v1/embeddings', '/api/generate'];
      const responses = await Promise.all(
        Array.from({ length: 2000 }, async (_, index) => {
          const path = paths[index % paths.length]!;
          const body = path.endsWith('embeddings')
            ? { model: 'text-embedding-3-small', input: 'Hi' }
            : { model: 'gpt-4o', messages, prompt: 'Hi', stream: index % 8 < 4 };
          const response = await pool.request({
            path,
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-proxy-tag': `req-${index}` },
            body: JSON.stringify(body),
          });
          await response.body.text();
          return response.statusCode;
        }),
      );
      expect(responses.every((status) => status === 200)).toBe(true);
    } finally {
      await pool.close();
    }
    const records = await harness.records(2000);
    expect(records).toHaveLength(2000);
    expect(new Set(records.map((record) => record.tags[0])).size).toBe(2000);
  });
});

function streamEvents(usage: Usage): StreamEvent[] {
  return [
    { type: 'start', id: 's1', model: 'gpt-4o', created: 1_760_000_000 },
    { type: 'block-start', index: 0, block: { kind: 'text' } },
    { type: 'block-delta', index: 0, delta: 'Hello' },
    { type: 'block-delta', index: 0, delta: ' there' },
    { type: 'block-end', index: 0 },
    { type: 'finish', reason: { unified: 'stop' }, usage },
  ];
}

/** A real HTTP client that reads the first body chunk of a streamed answer and then drops the connection. */
function abandonAfterFirstChunk(url: string, body: unknown): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { method: 'POST', headers: { 'content-type': 'application/json' } }, (response) => {
      response.once('data', () => {
        request.destroy();
        resolve();
      });
    });
    request.on('error', (error) => {
      if (!request.destroyed) reject(error);
    });
    request.end(JSON.stringify(body));
  });
}
