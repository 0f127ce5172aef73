import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeEmbedding, startFakeUpstream, type FakeFlavor, type FakeUpstream } from '../fakes/fake-openai-compatible.js';
import { startProxy, type TestProxy } from './start-proxy.js';

const KEY = 'sk-test-secret-key-123';
const flavors: FakeFlavor[] = ['openai', 'groq', 'deepseek', 'mistral', 'xai', 'perplexity', 'openrouter'];
const fakes = {} as Record<FakeFlavor, FakeUpstream>;
let proxy: TestProxy;
let client: OpenAI;

beforeAll(async () => {
  for (const flavor of flavors) fakes[flavor] = await startFakeUpstream(flavor, { apiKey: KEY });
  const env: Record<string, string> = { UPSTREAM_IDLE_TIMEOUT_MS: '1500', UPSTREAM_FIRST_BYTE_TIMEOUT_MS: '3000' };
  for (const flavor of flavors) {
    env[`${flavor.toUpperCase()}_API_KEY`] = KEY;
    env[`${flavor.toUpperCase()}_BASE_URL`] = fakes[flavor].url;
  }
  proxy = await startProxy(env);
  client = new OpenAI({ baseURL: `${proxy.url}/v1`, apiKey: 'client-key-ignored', maxRetries: 0 });
});

afterAll(async () => {
  await proxy?.close();
  await Promise.all(Object.values(fakes).map((fake) => fake.close()));
});

describe('openai SDK → Switchboard → OpenAI-compatible upstreams', () => {
  it('lists models of every configured provider, and each listed id retrieves', async () => {
    const ids = (await client.models.list()).data.map((model) => model.id);
    expect(ids).toContain('gpt-4o');
    expect(ids).toContain('llama-3.3-70b-versatile');
    // Aliases resolve to a listed model (which one is catalog data).
    expect(ids).toContain((await client.models.retrieve('deepseek-r1')).id);
    expect(ids.some((id) => id.startsWith('openrouter/'))).toBe(true);
    const slashed = ids.find((id) => id.startsWith('openrouter/'))!;
    expect((await client.models.retrieve(slashed)).id).toBe(slashed);
  });

  it('chats non-stream through an alias and passes the upstream token counts through', async () => {
    fakes.openai.reply({ content: 'Hello there', usage: { prompt_tokens: 12, completion_tokens: 3, cached_tokens: 8 } });
    const completion = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Hi' }], max_tokens: 50 });
    expect(completion.choices[0]!.message.content).toBe('Hello there');
    expect(completion.usage).toMatchObject({ prompt_tokens: 12, completion_tokens: 3, total_tokens: 15 });
    expect(completion.usage?.prompt_tokens_details?.cached_tokens).toBe(8);
    const sent = fakes.openai.requests.at(-1)!;
    expect(sent.body.model).toBe('gpt-4o');
    expect(sent.body.max_completion_tokens).toBe(50);
  });

  it('streams with a role chunk first and the usage chunk last before [DONE]', async () => {
    fakes.groq.reply({ content: 'one two three four', usage: { prompt_tokens: 7, completion_tokens: 4 } });
    const stream = await client.chat.completions.create({
      model: 'groq/llama-3.3-70b-versatile',
      messages: [{ role: 'user', content: 'count' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks[0]!.choices[0]!.delta.role).toBe('assistant');
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')).toBe('one two three four');
    const last = chunks.at(-1)!;
    expect(last.choices).toEqual([]);
    expect(last.usage).toMatchObject({ prompt_tokens: 7, completion_tokens: 4 });
    expect(chunks.at(-2)!.choices[0]!.finish_reason).toBe('stop');
  });

  it('drives the SDK stream helper through Mistral tool calls (whole calls, no type field upstream)', async () => {
    fakes.mistral.reply({ toolCalls: [{ name: 'get_weather', arguments: '{"city":"Tokyo"}' }] });
    const runner = client.chat.completions.stream({
      model: 'mistral/mistral-large-latest',
      messages: [{ role: 'user', content: 'weather?' }],
      tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }],
      tool_choice: 'required',
    });
    const final = await runner.finalChatCompletion();
    const call = final.choices[0]!.message.tool_calls![0]!;
    expect(call.type).toBe('function');
    expect(call.type === 'function' && JSON.parse(call.function.arguments)).toEqual({ city: 'Tokyo' });
    expect(final.choices[0]!.finish_reason).toBe('tool_calls');
    expect(fakes.mistral.requests.at(-1)!.body.tool_choice).toBe('any');
  });

  it('sends a reasoning model max_completion_tokens, the developer role and no rejected sampling params', async () => {
    fakes.openai.reply({ content: 'ok', usage: { prompt_tokens: 5, completion_tokens: 40, reasoning_tokens: 32 } });
    const completion = await client.chat.completions.create({
      model: 'o3-mini',
      messages: [{ role: 'system', content: 'Be terse.' }, { role: 'user', content: 'Hi' }],
      temperature: 0.3,
      max_tokens: 2000,
      reasoning_effort: 'high',
    });
    expect(completion.usage?.completion_tokens_details?.reasoning_tokens).toBe(32);
    const sent = fakes.openai.requests.at(-1)!.body;
    expect(sent).not.toHaveProperty('temperature');
    expect(sent).not.toHaveProperty('max_tokens');
    expect(sent.max_completion_tokens).toBe(2000);
    expect(sent.messages[0].role).toBe('developer');
    expect(sent.reasoning_effort).toBe('high');
  });

  it('returns DeepSeek reasoning as reasoning_content, never inside content', async () => {
    fakes.deepseek.reply({ reasoning: 'Thinking hard.', content: '42' });
    const completion = await client.chat.completions.create({ model: 'deepseek-r1', messages: [{ role: 'user', content: 'answer?' }] });
    const message = completion.choices[0]!.message as OpenAI.Chat.ChatCompletionMessage & { reasoning_content?: string };
    expect(message.content).toBe('42');
    expect(message.reasoning_content).toBe('Thinking hard.');
  });

  it('puts DeepSeek tool-turn reasoning back when an OpenAI client drops it from the history', async () => {
    fakes.deepseek.reply({ reasoning: 'I need the weather tool.', toolCalls: [{ id: 'call_ds1', name: 'get_weather', arguments: '{"city":"Oslo"}' }] });
    const tools = [{ type: 'function' as const, function: { name: 'get_weather', parameters: { type: 'object', properties: {} } } }];
    const stream = await client.chat.completions.create({ model: 'deepseek', messages: [{ role: 'user', content: 'weather?' }], tools, stream: true });
    for await (const _chunk of stream) {
      // drain: the proxy remembers the reasoning at the finish
    }
    fakes.deepseek.reply({ content: 'Cold.' });
    await client.chat.completions.create({
      model: 'deepseek',
      tools,
      messages: [
        { role: 'user', content: 'weather?' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_ds1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } }] },
        { role: 'tool', tool_call_id: 'call_ds1', content: '-5C' },
      ],
    });
    expect(fakes.deepseek.requests.at(-1)!.body.messages[1].reasoning_content).toBe('I need the weather tool.');
  });

  it('passes Perplexity citations through and makes its roles alternate', async () => {
    fakes.perplexity.reply({ content: 'Paris [1]', citations: ['https://example.org/paris'] });
    const completion = await client.chat.completions.create({
      model: 'sonar',
      messages: [
        { role: 'system', content: 'a' },
        { role: 'user', content: 'capital' },
        { role: 'user', content: 'of France?' },
      ],
    });
    expect(completion.choices[0]!.message.content).toBe('Paris [1]');
    expect((completion as unknown as { citations: string[] }).citations).toEqual(['https://example.org/paris']);
  });

  it('reports OpenRouter cost and passes unknown model ids through to it', async () => {
    fakes.openrouter.reply({ content: 'hi', usage: { prompt_tokens: 3, completion_tokens: 1, cost: 0.00042 } });
    const completion = await client.chat.completions.create({
      model: 'openrouter/some-lab/brand-new-model:free',
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect((completion.usage as unknown as { cost: number }).cost).toBe(0.00042);
    expect(fakes.openrouter.requests.at(-1)!.body.model).toBe('some-lab/brand-new-model:free');
  });

  it('creates embeddings in the base64 form the SDK asks for by default', async () => {
    const response = await client.embeddings.create({ model: 'text-embedding-3-small', input: ['alpha', 'beta'] });
    expect(response.data.map((item) => item.embedding)).toEqual([fakeEmbedding('alpha'), fakeEmbedding('beta')].map((vector) => vector.map((x) => Math.fround(x))));
  });

  it("turns the upstream's own model-not-found for a passed-through id into our 404", async () => {
    fakes.openai.fail({
      kind: 'status',
      status: 404,
      body: { error: { message: 'The model `gpt-99` does not exist or you do not have access to it.', type: 'invalid_request_error', param: null, code: 'model_not_found' } },
    });
    const error = await client.chat.completions.create({ model: 'openai/gpt-99', messages: [{ role: 'user', content: 'x' }] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect((error as Error).message).toContain('gpt-99');
    expect(fakes.openai.requests.at(-1)!.body.model).toBe('gpt-99');
  });

  it('answers unknown models with 404 in the OpenAI error shape', async () => {
    await expect(client.chat.completions.create({ model: 'no-such-model', messages: [{ role: 'user', content: 'x' }] })).rejects.toMatchObject({
      status: 404,
      error: { type: 'invalid_request_error', code: 'model_not_found' },
    });
  });

  it('maps upstream 429 to 429 with retry-after, and upstream 401 to 502 without the key', async () => {
    fakes.openai.fail({ kind: 'status', status: 429, headers: { 'retry-after': '7' } });
    const limited = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] }).catch((error: unknown) => error);
    expect(limited).toBeInstanceOf(OpenAI.RateLimitError);
    expect((limited as InstanceType<typeof OpenAI.RateLimitError>).headers.get('retry-after')).toBe('7');

    fakes.openai.fail({ kind: 'status', status: 401 });
    const rejected = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] }).catch((error: unknown) => error);
    expect(rejected).toMatchObject({ status: 502 });
    expect(String((rejected as Error).message)).toMatch(/rejected our API key/);
    expect(String((rejected as Error).message)).not.toContain(KEY);

    fakes.openai.fail({ kind: 'status', status: 500 });
    await expect(client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] })).rejects.toMatchObject({ status: 502 });
  });

  it('ends a stream with an in-band error the SDK throws when the upstream drops mid-stream', async () => {
    fakes.openai.fail({ kind: 'drop-mid-stream', afterChunks: 2 });
    const stream = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }], stream: true });
    const received: string[] = [];
    await expect(
      (async () => {
        for await (const chunk of stream) received.push(chunk.choices[0]?.delta.content ?? '');
      })(),
    ).rejects.toBeInstanceOf(OpenAI.APIError);
  });

  it('ends a stalled stream with an in-band timeout error instead of hanging', async () => {
    fakes.openai.fail({ kind: 'stall', afterChunks: 1 });
    const stream = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }], stream: true });
    await expect(
      (async () => {
        for await (const _chunk of stream) {
          // drain
        }
      })(),
    ).rejects.toThrow(/idle timeout/);
  });

  it('answers 504 when the upstream never sends response headers', async () => {
    fakes.openai.fail({ kind: 'stall', headers: false });
    await expect(client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] })).rejects.toMatchObject({ status: 504 });
  });

  it('aborts the upstream request when the client disconnects', async () => {
    fakes.openai.fail({ kind: 'stall', afterChunks: 1 });
    const controller = new AbortController();
    const stream = await client.chat.completions.create(
      { model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }], stream: true },
      { signal: controller.signal },
    );
    const iterator = stream[Symbol.asyncIterator]();
    await iterator.next();
    controller.abort();
    await fakes.openai.clientAborted();
  });

  it('rejects malformed JSON and bad fields with a 400 that names the field', async () => {
    const malformed = await fetch(`${proxy.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"model":' });
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { error: { type: string } }).error.type).toBe('invalid_request_error');
    const badField = await fetch(`${proxy.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }], temperature: 'hot' }),
    });
    expect(badField.status).toBe(400);
    expect(JSON.stringify(await badField.json())).toContain('temperature');
  });

  it('never logs provider keys or prompts', () => {
    const logs = proxy.logs.join('');
    expect(logs).toContain('"path":"/v1/chat/completions"');
    expect(logs).not.toContain(KEY);
    expect(logs).not.toContain('Be terse.');
  });
});

describe('unreachable upstream and body limit', () => {
  it('answers 502 when a provider cannot be reached and 413 for a body over the limit', async () => {
    const dead = await startFakeUpstream('openai', { apiKey: KEY });
    const url = dead.url;
    await dead.close();
    const small = await startProxy({ OPENAI_API_KEY: KEY, OPENAI_BASE_URL: url, BODY_LIMIT_BYTES: '2000' });
    try {
      const sdk = new OpenAI({ baseURL: `${small.url}/v1`, apiKey: 'x', maxRetries: 0 });
      await expect(sdk.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] })).rejects.toMatchObject({ status: 502 });
      await expect(sdk.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x'.repeat(5000) }] })).rejects.toMatchObject({ status: 413 });
    } finally {
      await small.close();
    }
  });
});
