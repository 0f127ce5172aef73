import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  aliasViewSchema, dashboardViewSchema, healthViewSchema, modelViewSchema, providerViewSchema, recentPageSchema,
  sessionInfoSchema, settingsSchema, usageFacetsSchema, usageTimeSeriesSchema, usageTotalsSchema, widgetSummarySchema,
  breakdownRowSchema,
} from './admin-response-schemas.js';
import { CSRF, startAdminHarness, type AdminHarness } from './testing/admin-test-harness.js';

const KEY_ENV = 'SB_ADMIN_TEST_SECRET_KEY';
const ENV_KEY_VALUE = 'sk-env-key-value-7f3a9c';
const HEADER_SECRETS = ['Bearer header-secret-111aa', 'header-secret-222bb'];
const PASSWORD = 'no-secrets-admin-password';

/** What each GET answer must look like (and no more, for providers). */
const GET_SCHEMAS: Record<string, z.ZodType> = {
  '/api/session': sessionInfoSchema,
  '/api/health': healthViewSchema,
  '/api/dashboard': dashboardViewSchema,
  '/api/widget': widgetSummarySchema,
  '/api/providers': providerViewSchema.array(),
  '/api/models': modelViewSchema.array(),
  '/api/aliases': aliasViewSchema.array(),
  '/api/usage/summary': usageTotalsSchema,
  '/api/usage/timeseries': usageTimeSeriesSchema,
  '/api/usage/breakdown': breakdownRowSchema.array(),
  '/api/usage/requests': recentPageSchema,
  '/api/usage/facets': usageFacetsSchema,
  '/api/settings': settingsSchema,
};
/** Query strings a GET route needs to answer 200. */
const QUERIES: Record<string, string> = { '/api/usage/breakdown': '?by=provider' };

let h: AdminHarness;
let cookie: string;
let secrets: string[];

beforeAll(async () => {
  process.env[KEY_ENV] = ENV_KEY_VALUE;
  h = await startAdminHarness({ passwordFromEnv: PASSWORD });
  cookie = await h.login();
  const post = (method: 'POST' | 'PUT', url: string, payload: object) => h.app.inject({ method, url, headers: { cookie, ...CSRF }, payload });
  const created = await post('POST', '/api/providers', {
    id: 'secret-prov',
    type: 'openai-compatible',
    baseUrl: 'https://llm.example.com/v1',
    apiKeyEnv: KEY_ENV,
    headers: { Authorization: HEADER_SECRETS[0], 'X-Api-Key': HEADER_SECRETS[1] },
  });
  expect(created.statusCode).toBe(201);
  const edited = await post('PUT', '/api/providers/secret-prov', { id: 'secret-prov', type: 'openai-compatible', baseUrl: 'https://llm.example.com/v2', apiKeyEnv: KEY_ENV });
  expect(edited.statusCode).toBe(200);
  expect((await post('PUT', '/api/models/custom', { provider: 'secret-prov', id: 'house-model', contextLength: 8192 })).statusCode).toBe(200);
  expect((await post('PUT', '/api/aliases/custom', { alias: 'house', provider: 'secret-prov', modelId: 'house-model' })).statusCode).toBe(200);
  await h.store.insertUsage([
    {
      time: Date.now() - 60_000, surface: 'openai', endpoint: '/v1/chat/completions', requestedModel: 'house', provider: 'secret-prov',
      upstreamModel: 'house-model', tags: ['default'], clientIp: '10.0.0.9', clientHost: null, userAgent: 'test', stream: false,
      status: 200, errorKind: null, inputTokens: 1, outputTokens: 1, reasoningTokens: null, cacheReadTokens: null,
      cacheWriteTokens: null, latencyMs: 5, ttftMs: null, costMicros: null, costSource: 'none',
    },
  ]);
  // Everything secret the server holds: header values, the key, the password, its hash, the cookie signing secret.
  secrets = [...HEADER_SECRETS, 'header-secret-111aa', ENV_KEY_VALUE, PASSWORD, (await h.store.getPasswordHash()) ?? 'x', await h.store.sessionSecret()];
  for (const response of [created, edited]) for (const secret of secrets) expect(response.body).not.toContain(secret);
});

afterAll(async () => {
  delete process.env[KEY_ENV];
  await h.close();
});

function expectNoSecret(what: string, text: string): void {
  for (const secret of secrets) expect(text.includes(secret), `${what} contains a secret`).toBe(false);
}

describe('no secret in any admin response', () => {
  it('walks every GET route of the OpenAPI document', async () => {
    const document = (await h.app.inject({ url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> };
    const getPaths = Object.entries(document.paths).filter(([, operations]) => 'get' in operations).map(([path]) => path);
    // Every GET route has a schema check here, except the two that are not JSON views.
    expect(getPaths.sort()).toEqual([...Object.keys(GET_SCHEMAS), '/api/openapi.json', '/api/usage/export.csv'].sort());
    for (const path of getPaths) {
      const url = path.replace('{id}', 'secret-prov') + (QUERIES[path] ?? '');
      const response = await h.app.inject({ url, headers: { cookie } });
      expect(response.statusCode, url).toBe(200);
      expectNoSecret(url, response.body);
      expectNoSecret(`${url} headers`, JSON.stringify(response.headers));
      const schema = GET_SCHEMAS[path];
      if (schema) expect(schema.safeParse(response.json()).error, url).toBeUndefined();
    }
  });

  it('reports the key as set and the headers by name only', async () => {
    const providers = (await h.app.inject({ url: '/api/providers', headers: { cookie } })).json() as Array<Record<string, unknown>>;
    const custom = providers.find((provider) => provider.id === 'secret-prov');
    expect(custom).toMatchObject({ keySet: true, apiKeyEnv: KEY_ENV, headerNames: ['Authorization', 'X-Api-Key'], baseUrl: 'https://llm.example.com/v2' });
    // Exactly the contract's fields, even though the proxy control's view carried the stored provider along.
    for (const provider of providers) expect(Object.keys(provider).sort()).toEqual(Object.keys(providerViewSchema.shape).sort());
  });

  it('keeps secrets out of error answers and the log', async () => {
    const wrong = await h.app.inject({ method: 'POST', url: '/api/login', headers: CSRF, payload: { password: `${PASSWORD}-wrong` } });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.body).not.toContain(PASSWORD);
    const bad = await h.app.inject({
      method: 'PUT',
      url: '/api/providers/secret-prov',
      headers: { cookie, ...CSRF },
      payload: { id: 'secret-prov', type: 'openai-compatible', baseUrl: 'https://x', headers: { 'X-Bad': 'header-secret-333cc\n' } },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).not.toContain('header-secret-333cc');
    const log = h.logs.join('');
    expectNoSecret('the log', log);
    expect(log).not.toContain('header-secret-333cc');
    expect(log).not.toContain(cookie.split('=')[1]);
  });
});
