import { Ollama } from 'ollama';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.js';
import type { Store, UsageRecord } from '../../src/store/store.js';
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../../src/store/testing/test-databases.js';
import { startFakeUpstream, type FakeUpstream } from '../fakes/fake-openai-compatible.js';
import { dumpUsageTables, startUsageProxy, waitForRecords } from './usage-harness.js';
import type { TestProxy } from './start-proxy.js';

const KEY = 'upstream-key';
/** Bearer values that must never become a tag, nor reach the database or the logs. */
const SECRETS = ['sk-proj-Zq81mXv0TYUe4Lbn', 'gsk_abcdef0123456789', `tagish-${'x'.repeat(60)}`];
const MESSAGES = [{ role: 'user' as const, content: 'hi' }];
/** ollama-js throws its ResponseError (not exported) for HTTP errors: the message plus the status. */
type OllamaResponseError = Error & { error: string; status_code: number };

describe.each(TEST_DIALECTS)('usage tags (%s)', (dialect) => {
  let db: TestDatabase;
  let fake: FakeUpstream;
  let proxy: TestProxy;
  let store: Store;
  let recordCount = 0;

  beforeAll(async () => {
    db = await createTestDatabase(dialect);
    fake = await startFakeUpstream('openai', { apiKey: KEY });
    proxy = await startUsageProxy(db, { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: fake.url });
    store = await openStore(db.options);
  });

  afterAll(async () => {
    await proxy?.close();
    await store?.close();
    await fake?.close();
    await db?.drop();
  });

  /** The record of the request just made (requests run one at a time, each gets exactly one record). */
  async function lastRecord(): Promise<UsageRecord> {
    recordCount += 1;
    const records = await waitForRecords(store, recordCount);
    expect(records).toHaveLength(recordCount);
    return records.at(-1)!;
  }

  function openai(apiKey: string, headers: Record<string, string> = {}): OpenAI {
    return new OpenAI({ baseURL: `${proxy.url}/v1`, apiKey, maxRetries: 0, defaultHeaders: headers });
  }

  async function chatVia(client: OpenAI, model: string): Promise<void> {
    const reply = await client.chat.completions.create({ model, messages: MESSAGES });
    expect(reply.choices[0]!.message.content).toBe('Hello from openai');
  }

  it('bearer tags win over X-Proxy-Tag and the model suffix; lists are trimmed, de-duplicated, in order', async () => {
    await chatVia(openai(' team-b , team-a,,team-b,', { 'X-Proxy-Tag': 'header-tag' }), 'gpt-4o@suffix-tag');
    expect(fake.requests.at(-1)!.body.model).toBe('gpt-4o');
    expect(await lastRecord()).toMatchObject({ tags: ['team-b', 'team-a'], requestedModel: 'gpt-4o', upstreamModel: 'gpt-4o' });
  });

  it('X-Proxy-Tag wins over the suffix when the bearer is a secret', async () => {
    await chatVia(openai(SECRETS[0]!, { 'X-Proxy-Tag': ' ci, nightly ,ci' }), 'gpt-4o@suffix-tag');
    expect(fake.requests.at(-1)!.body.model).toBe('gpt-4o');
    expect((await lastRecord()).tags).toEqual(['ci', 'nightly']);
  });

  it('one secret-looking part discards the whole bearer value', async () => {
    await chatVia(openai(`team-a,${SECRETS[1]!}`, { 'X-Proxy-Tag': 'fallback' }), 'gpt-4o');
    expect((await lastRecord()).tags).toEqual(['fallback']);
  });

  it('the model suffix applies when no header gives a tag (a bearer longer than 64 characters is no tag)', async () => {
    await chatVia(openai(SECRETS[2]!), 'gpt-4o@s1, s2,s1');
    expect(fake.requests.at(-1)!.body.model).toBe('gpt-4o');
    expect(await lastRecord()).toMatchObject({ tags: ['s1', 's2'], requestedModel: 'gpt-4o' });
  });

  it('the default tag setting applies last', async () => {
    await chatVia(openai(SECRETS[0]!), 'gpt-4o');
    expect((await lastRecord()).tags).toEqual(['default']);
  });

  it('an empty bearer is no tag', async () => {
    const response = await fetch(`${proxy.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer  ', 'x-proxy-tag': 'from-header' },
      body: JSON.stringify({ model: 'gpt-4o@from-suffix', messages: MESSAGES }),
    });
    expect(response.status).toBe(200);
    expect((await lastRecord()).tags).toEqual(['from-header']);
    await chatVia(openai(''), 'gpt-4o@from-suffix');
    expect((await lastRecord()).tags).toEqual(['from-suffix']);
  });

  it('a bad bearer tag is a 400 in the OpenAI error shape naming it, and still gets a record', async () => {
    const error = await openai('good,bad tag!').chat.completions.create({ model: 'gpt-4o', messages: MESSAGES }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    const apiError = error as InstanceType<typeof OpenAI.BadRequestError>;
    expect(apiError.status).toBe(400);
    expect(apiError.type).toBe('invalid_request_error');
    expect(apiError.message).toContain("'bad tag!'");
    expect(apiError.message).toContain('Authorization');
    expect(await lastRecord()).toMatchObject({ status: 400, errorKind: 'invalid_request', tags: ['default'], endpoint: '/v1/chat/completions' });
  });

  it('a bad suffix tag is a 400 naming it, unless a header tag wins', async () => {
    const requestsBefore = fake.requests.length;
    const error = await openai(SECRETS[0]!).chat.completions.create({ model: 'gpt-4o@ok,no spaces', messages: MESSAGES }).catch((e: unknown) => e);
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).status).toBe(400);
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).message).toContain("'no spaces'");
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).param).toBe('model');
    expect(fake.requests.length).toBe(requestsBefore);
    expect(await lastRecord()).toMatchObject({ status: 400, errorKind: 'invalid_request' });

    await chatVia(openai('winner'), 'gpt-4o@ok,no spaces');
    expect(fake.requests.at(-1)!.body.model).toBe('gpt-4o');
    expect(await lastRecord()).toMatchObject({ tags: ['winner'], requestedModel: 'gpt-4o', status: 200 });
  });

  it('ollama-js: bearer, X-Proxy-Tag and suffix in the same order, streaming and not', async () => {
    const withBearer = new Ollama({ host: proxy.url, headers: { Authorization: 'Bearer ops, ops,infra', 'X-Proxy-Tag': 'ignored' } });
    let text = '';
    for await (const part of await withBearer.chat({ model: 'gpt-4o@ignored', messages: MESSAGES, stream: true })) text += part.message.content;
    expect(text).toBe('Hello from openai');
    expect(fake.requests.at(-1)!.body.model).toBe('gpt-4o');
    expect(await lastRecord()).toMatchObject({ surface: 'ollama', endpoint: '/api/chat', tags: ['ops', 'infra'], stream: true });

    const withHeader = new Ollama({ host: proxy.url, headers: { Authorization: `Bearer ${SECRETS[1]!}`, 'X-Proxy-Tag': 'webui' } });
    await withHeader.generate({ model: 'gpt-4o:latest@ignored', prompt: 'hi', stream: false });
    expect(fake.requests.at(-1)!.body.model).toBe('gpt-4o');
    expect(await lastRecord()).toMatchObject({ endpoint: '/api/generate', tags: ['webui'], stream: false });

    const plain = new Ollama({ host: proxy.url });
    await plain.chat({ model: 'gpt-4o:latest@copilot', messages: MESSAGES, stream: false });
    expect(fake.requests.at(-1)!.body.model).toBe('gpt-4o');
    expect(await lastRecord()).toMatchObject({ tags: ['copilot'], requestedModel: 'gpt-4o:latest' });
  });

  it('ollama-js: a bad X-Proxy-Tag is a 400 in the Ollama error shape naming it', async () => {
    const client = new Ollama({ host: proxy.url, headers: { 'X-Proxy-Tag': 'fine,wr@ng' } });
    const error = (await client.chat({ model: 'gpt-4o', messages: MESSAGES, stream: false }).catch((e: unknown) => e)) as OllamaResponseError;
    expect(error.status_code).toBe(400);
    expect(error.error).toContain("'wr@ng'");
    expect(error.error).toContain('X-Proxy-Tag');
    const raw = await fetch(`${proxy.url}/api/chat`, { method: 'POST', headers: { 'x-proxy-tag': 'a b' }, body: JSON.stringify({ model: 'gpt-4o', messages: MESSAGES }) });
    expect(raw.status).toBe(400);
    expect(Object.keys((await raw.json()) as object)).toEqual(['error']);
    recordCount += 1;
    expect(await lastRecord()).toMatchObject({ surface: 'ollama', status: 400, errorKind: 'invalid_request' });
  });

  it('secret-looking bearer values appear in no usage table and in no log line', async () => {
    const dump = await dumpUsageTables(db);
    expect(dump).toContain('team-b'); // the dump does hold the tags
    for (const secret of SECRETS) {
      expect(dump).not.toContain(secret);
      expect(dump).not.toContain(secret.slice(0, 16));
      expect(proxy.logs.join('')).not.toContain(secret.slice(0, 16));
    }
    expect(proxy.logs.length).toBeGreaterThan(0);
  });
});
