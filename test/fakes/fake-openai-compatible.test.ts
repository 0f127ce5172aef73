// Validates the fake upstreams against the official openai SDK (pointed straight at the fake, no proxy).
import { afterEach, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import { fakeEmbedding, startFakeUpstream, type FakeFlavor, type FakeUpstream } from './fake-openai-compatible.js';

const started: FakeUpstream[] = [];

afterEach(async () => {
  await Promise.all(started.splice(0).map((f) => f.close()));
});

async function fake(flavor: FakeFlavor, opts?: { apiKey?: string }): Promise<FakeUpstream> {
  const f = await startFakeUpstream(flavor, opts);
  started.push(f);
  return f;
}

function sdk(f: FakeUpstream, apiKey = 'test-key'): OpenAI {
  return new OpenAI({ baseURL: f.url, apiKey, maxRetries: 0 });
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

/** Raw SSE text of a streaming chat request (to see comments and exact framing). */
async function rawStream(f: FakeUpstream, body: Record<string, unknown>): Promise<string> {
  const res = await fetch(`${f.url}/chat/completions`, {
    method: 'POST',
    headers: { authorization: 'Bearer test-key', 'content-type': 'application/json' },
    body: JSON.stringify({ stream: true, ...body }),
  });
  return res.text();
}

const user = (content: string) => ({ role: 'user' as const, content });

describe('fake OpenAI-compatible upstreams (openai SDK straight at the fake)', () => {
  it('answers a non-stream chat with usage details and records the request', async () => {
    const f = await fake('openai');
    f.reply({ content: 'Hi there', usage: { prompt_tokens: 7, completion_tokens: 3, cached_tokens: 2, reasoning_tokens: 1 } });
    const res = await sdk(f).chat.completions.create({ model: 'gpt-4o', messages: [user('hello')] });

    expect(res.object).toBe('chat.completion');
    expect(res.model).toBe('gpt-4o');
    expect(res.choices[0]?.message).toMatchObject({ role: 'assistant', content: 'Hi there' });
    expect(res.choices[0]?.finish_reason).toBe('stop');
    expect(res.usage).toMatchObject({
      prompt_tokens: 7, completion_tokens: 3, total_tokens: 10,
      prompt_tokens_details: { cached_tokens: 2 }, completion_tokens_details: { reasoning_tokens: 1 },
    });
    expect(f.requests).toHaveLength(1);
    expect(f.requests[0]).toMatchObject({ method: 'POST', path: '/v1/chat/completions', body: { model: 'gpt-4o' } });
    expect(f.requests[0]?.headers.authorization).toBe('Bearer test-key');
  });

  it.each(['openai', 'groq', 'deepseek', 'mistral', 'xai', 'perplexity', 'openrouter'] as const)(
    '%s: default reply works at the vendor base URL',
    async (flavor) => {
      const f = await fake(flavor);
      const res = await sdk(f).chat.completions.create({ model: 'm', messages: [user('hi')] });
      expect(res.choices[0]?.message.content).toBe(`Hello from ${flavor}`);
      expect(res.usage).toMatchObject({ prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 });
      const expectedPath = { openai: '/v1', groq: '/openai/v1', deepseek: '', mistral: '/v1', xai: '/v1', perplexity: '', openrouter: '/api/v1' }[flavor];
      expect(f.requests[0]?.path).toBe(`${expectedPath}/chat/completions`);
    },
  );

  it('streams content deltas with one id/created and a choices:[] usage chunk when include_usage is set', async () => {
    const f = await fake('openai');
    f.reply({ content: 'The quick brown fox', usage: { prompt_tokens: 4, completion_tokens: 6 } });
    const stream = await sdk(f).chat.completions.create({
      model: 'gpt-4o', messages: [user('go')], stream: true, stream_options: { include_usage: true },
    });
    const chunks = await collect(stream);

    expect(chunks[0]?.choices[0]?.delta.role).toBe('assistant');
    const text = chunks.map((c) => c.choices[0]?.delta.content ?? '').join('');
    expect(text).toBe('The quick brown fox');
    expect(chunks.filter((c) => c.choices[0]?.delta.content).length).toBeGreaterThanOrEqual(3);
    expect(new Set(chunks.map((c) => c.id)).size).toBe(1);
    expect(new Set(chunks.map((c) => c.created)).size).toBe(1);
    const last = chunks.at(-1);
    expect(last?.choices).toEqual([]);
    expect(last?.usage).toMatchObject({ prompt_tokens: 4, completion_tokens: 6, total_tokens: 10 });
    expect(chunks.slice(0, -1).every((c) => c.usage === null)).toBe(true);
    expect(chunks.at(-2)?.choices[0]?.finish_reason).toBe('stop');
  });

  it('sends no usage chunk without include_usage (openai)', async () => {
    const f = await fake('openai');
    const chunks = await collect(await sdk(f).chat.completions.create({ model: 'gpt-4o', messages: [user('go')], stream: true }));
    expect(chunks.every((c) => c.choices.length === 1 && c.usage === undefined)).toBe(true);
  });

  it('streams tool calls that the SDK stream helper accumulates', async () => {
    const f = await fake('openai');
    f.reply({
      content: 'Checking.',
      toolCalls: [
        { name: 'get_weather', arguments: '{"city":"Tokyo","unit":"c"}' },
        { id: 'call_fixed', name: 'get_time', arguments: '{"tz":"Asia/Tokyo"}' },
      ],
    });
    const runner = sdk(f).chat.completions.stream({
      model: 'gpt-4o',
      messages: [user('weather?')],
      tools: [
        { type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: {} } } },
        { type: 'function', function: { name: 'get_time', parameters: { type: 'object', properties: {} } } },
      ],
    });
    const final = await runner.finalChatCompletion();
    const choice = final.choices[0];
    expect(choice?.finish_reason).toBe('tool_calls');
    expect(choice?.message.content).toBe('Checking.');
    const calls = choice?.message.tool_calls ?? [];
    expect(calls).toHaveLength(2);
    expect(calls[0]).toMatchObject({ type: 'function', function: { name: 'get_weather', arguments: '{"city":"Tokyo","unit":"c"}' } });
    expect(calls[0]?.id).toMatch(/^call_/);
    expect(calls[1]).toMatchObject({ id: 'call_fixed', function: { name: 'get_time', arguments: '{"tz":"Asia/Tokyo"}' } });
  });

  it('streams tool-call arguments in several fragments after an id/type/name fragment', async () => {
    const f = await fake('openai');
    f.reply({ toolCalls: [{ name: 'f', arguments: '{"a":1,"b":2}' }] });
    const chunks = await collect(await sdk(f).chat.completions.create({ model: 'gpt-4o', messages: [user('x')], stream: true }));
    const fragments = chunks.flatMap((c) => c.choices[0]?.delta.tool_calls ?? []);
    expect(fragments[0]).toMatchObject({ index: 0, type: 'function', function: { name: 'f', arguments: '' } });
    expect(fragments.length).toBeGreaterThanOrEqual(3);
    expect(fragments.slice(1).every((t) => t.id === undefined && t.function?.name === undefined)).toBe(true);
    expect(fragments.map((t) => t.function?.arguments ?? '').join('')).toBe('{"a":1,"b":2}');
  });

  it('returns embeddings as base64 float32 when the SDK asks (its default), equal to the float form', async () => {
    const f = await fake('openai');
    const client = sdk(f);
    const decoded = await client.embeddings.create({ model: 'text-embedding-3-small', input: ['alpha', 'beta'] });
    expect(f.requests[0]?.body.encoding_format).toBe('base64');
    const floats = await client.embeddings.create({ model: 'text-embedding-3-small', input: ['alpha', 'beta'], encoding_format: 'float' });

    expect(decoded.data).toHaveLength(2);
    expect(Array.from(decoded.data[0]?.embedding ?? [])).toEqual(floats.data[0]?.embedding);
    expect(Array.from(decoded.data[1]?.embedding ?? [])).toEqual(floats.data[1]?.embedding);
    expect(floats.data[0]?.embedding).toEqual(fakeEmbedding('alpha'));
    expect(floats.data[0]?.embedding).toHaveLength(8);
    expect(floats.data[0]?.embedding).not.toEqual(floats.data[1]?.embedding);
    expect(floats.usage.prompt_tokens).toBeGreaterThan(0);
  });

  it('rejects a wrong key with 401 (AuthenticationError)', async () => {
    const f = await fake('openai');
    const err = await sdk(f, 'wrong-key').chat.completions.create({ model: 'gpt-4o', messages: [user('x')] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.AuthenticationError);
    expect((err as InstanceType<typeof OpenAI.AuthenticationError>).code).toBe('invalid_api_key');
  });

  it('fails with 429 + retry-after (RateLimitError), then serves the next request normally', async () => {
    const f = await fake('groq');
    f.fail({ kind: 'status', status: 429 });
    const client = sdk(f);
    const err = await client.chat.completions.create({ model: 'llama-3.3-70b-versatile', messages: [user('x')] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.RateLimitError);
    const rate = err as InstanceType<typeof OpenAI.RateLimitError>;
    expect(rate.headers?.get('retry-after')).toBe('1');
    expect(rate.error).toMatchObject({ type: 'rate_limit_error', code: 'rate_limit_exceeded' });
    const ok = await client.chat.completions.create({ model: 'llama-3.3-70b-versatile', messages: [user('x')] });
    expect(ok.choices[0]?.message.content).toBe('Hello from groq');
  });

  it('uses a custom status fault body and headers as given', async () => {
    const f = await fake('openai');
    f.fail({ kind: 'status', status: 503, body: '<html>bad gateway</html>', headers: { 'x-should-retry': 'false' } });
    const res = await fetch(`${f.url}/chat/completions`, {
      method: 'POST', headers: { authorization: 'Bearer test-key' }, body: '{}',
    });
    expect(res.status).toBe(503);
    expect(res.headers.get('x-should-retry')).toBe('false');
    expect(await res.text()).toBe('<html>bad gateway</html>');
  });

  it('mistral: 422 extra_forbidden on a field outside its allow-list, in Mistral\'s top-level error shape', async () => {
    const f = await fake('mistral');
    const err = await sdk(f)
      .chat.completions.create({ model: 'mistral-large-latest', messages: [user('x')], max_completion_tokens: 10 })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.UnprocessableEntityError);
    const res = await fetch(`${f.url}/chat/completions`, {
      method: 'POST',
      headers: { authorization: 'Bearer test-key', 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'mistral-large-latest', messages: [user('x')], stream: true, stream_options: { include_usage: true } }),
    });
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({
      object: 'error',
      type: 'invalid_request_error',
      message: { detail: [{ type: 'extra_forbidden', loc: ['body', 'stream_options'], msg: 'Extra inputs are not permitted' }] },
    });
  });

  it('mistral: 400 on a non-9-alnum tool call id; own ids are 9 alnum; usage on the finish chunk', async () => {
    const f = await fake('mistral');
    const client = sdk(f);
    const bad = await client.chat.completions.create({
      model: 'mistral-large-latest',
      messages: [
        user('x'),
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_abc123', type: 'function', function: { name: 'f', arguments: '{}' } }] },
        { role: 'tool', tool_call_id: 'call_abc123', content: 'ok' },
      ],
    }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(OpenAI.BadRequestError);

    f.reply({ toolCalls: [{ name: 'f', arguments: '{"q":1}' }] });
    const chunks = await collect(await client.chat.completions.create({ model: 'mistral-large-latest', messages: [user('x')], stream: true }));
    const call = chunks.flatMap((c) => c.choices[0]?.delta.tool_calls ?? [])[0];
    expect(call?.id).toMatch(/^[a-zA-Z0-9]{9}$/);
    expect(call?.function?.arguments).toBe('{"q":1}'); // whole, in one delta
    expect(call?.type).toBeUndefined(); // Mistral omits type
    const finish = chunks.find((c) => c.choices[0]?.finish_reason);
    expect(finish?.choices[0]?.finish_reason).toBe('tool_calls');
    expect(finish?.usage).toMatchObject({ prompt_tokens: 10, completion_tokens: 5 });
  });

  it('perplexity: 400 invalid_message unless roles alternate; replies carry citations', async () => {
    const f = await fake('perplexity');
    const client = sdk(f);
    const err = await client.chat.completions.create({
      model: 'sonar', messages: [{ role: 'system', content: 's' }, user('a'), user('b')],
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    expect((err as InstanceType<typeof OpenAI.BadRequestError>).type).toBe('invalid_message');

    f.reply({ content: 'Answer [1]', citations: ['https://example.com/a'] });
    const ok = await client.chat.completions.create({
      model: 'sonar', messages: [{ role: 'system', content: 's' }, user('a'), { role: 'assistant', content: 'b' }, user('c')],
    });
    expect(ok).toMatchObject({ citations: ['https://example.com/a'], search_results: [{ url: 'https://example.com/a' }] });
  });

  it('drop-mid-stream: the SDK throws while iterating', async () => {
    const f = await fake('openai');
    f.fail({ kind: 'drop-mid-stream', afterChunks: 2 });
    const stream = await sdk(f).chat.completions.create({ model: 'gpt-4o', messages: [user('x')], stream: true });
    const seen: unknown[] = [];
    await expect(
      (async () => {
        for await (const c of stream) seen.push(c);
      })(),
    ).rejects.toThrow();
    expect(seen).toHaveLength(2);
  });

  it('groq: usage arrives as x_groq.usage on the final chunk', async () => {
    const f = await fake('groq');
    f.reply({ content: 'abc', usage: { prompt_tokens: 3, completion_tokens: 2 } });
    const chunks = await collect(await sdk(f).chat.completions.create({ model: 'llama-3.3-70b-versatile', messages: [user('x')], stream: true }));
    const last = chunks.at(-1) as unknown as { x_groq?: { usage?: unknown }; choices: { finish_reason: string | null }[] };
    expect(last.choices[0]?.finish_reason).toBe('stop');
    expect(last.x_groq?.usage).toMatchObject({ prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 });
    expect(chunks.every((c) => c.usage === undefined)).toBe(true);
  });

  it('groq: 400 on messages[].name, logprobs and n>1', async () => {
    const f = await fake('groq');
    const client = sdk(f);
    const bad = [
      { messages: [{ role: 'user' as const, content: 'x', name: 'bob' }] },
      { messages: [user('x')], logprobs: true },
      { messages: [user('x')], n: 2 },
    ];
    for (const extra of bad) {
      const err = await client.chat.completions.create({ model: 'llama-3.3-70b-versatile', ...extra }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    }
  });

  it('openai: reasoning models reject max_tokens and temperature != 1', async () => {
    const f = await fake('openai');
    const client = sdk(f);
    const e1 = await client.chat.completions.create({ model: 'o3-mini', messages: [user('x')], max_tokens: 5 }).catch((e: unknown) => e);
    expect(e1).toMatchObject({ status: 400, code: 'unsupported_parameter', param: 'max_tokens' });
    const e2 = await client.chat.completions.create({ model: 'gpt-5', messages: [user('x')], temperature: 0.2 }).catch((e: unknown) => e);
    expect(e2).toMatchObject({ status: 400, code: 'unsupported_value', param: 'temperature' });
    const ok = await client.chat.completions.create({ model: 'gpt-5', messages: [user('x')], max_completion_tokens: 5, temperature: 1 });
    expect(ok.choices[0]?.message.content).toBe('Hello from openai');
  });

  it('deepseek: non-stream body with leading blank lines parses; keep-alive comment before the first chunk; reasoning_content', async () => {
    const f = await fake('deepseek');
    f.reply({ content: 'answer', reasoning: 'thinking hard' });
    const res = await sdk(f).chat.completions.create({ model: 'deepseek-reasoner', messages: [user('x')] });
    expect(res.choices[0]?.message).toMatchObject({ content: 'answer', reasoning_content: 'thinking hard' });

    f.reply({ content: 'answer', reasoning: 'thinking hard' });
    const raw = await rawStream(f, { model: 'deepseek-reasoner', messages: [user('x')] });
    expect(raw.startsWith(': keep-alive\n\n')).toBe(true);
    expect(raw).toContain('"reasoning_content":"thi');
    expect(raw.endsWith('data: [DONE]\n\n')).toBe(true);

    const err = await sdk(f).chat.completions.create({ model: 'deepseek-reasoner', messages: [user('x')], logprobs: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
  });

  it('openrouter: processing comment, reasoning field, usage with cost always on a final choices:[] chunk', async () => {
    const f = await fake('openrouter');
    f.reply({ content: 'hi', reasoning: 'hmm', usage: { prompt_tokens: 5, completion_tokens: 1, cost: 0.0042 } });
    const raw = await rawStream(f, { model: 'openai/gpt-4o', messages: [user('x')] });
    expect(raw.startsWith(': OPENROUTER PROCESSING\n\n')).toBe(true);
    const events = raw.split('\n\n').filter((l) => l.startsWith('data: {')).map((l) => JSON.parse(l.slice(6)) as Record<string, any>);
    expect(events.some((e) => e.choices[0]?.delta?.reasoning === 'h' || e.choices[0]?.delta?.reasoning === 'hmm')).toBe(true);
    expect(events.at(-1)).toMatchObject({ choices: [], usage: { prompt_tokens: 5, completion_tokens: 1, cost: 0.0042 } });
  });

  it('openrouter: a mid-stream error event makes the SDK throw APIError', async () => {
    const f = await fake('openrouter');
    f.fail({ kind: 'stream-error-event', afterChunks: 1 });
    const stream = await sdk(f).chat.completions.create({ model: 'openai/gpt-4o', messages: [user('x')], stream: true });
    await expect(collect(stream)).rejects.toBeInstanceOf(OpenAI.APIError);
  });

  it('no-finish: the stream ends with [DONE] but the SDK helper reports the missing finish_reason', async () => {
    const f = await fake('openai');
    f.fail({ kind: 'no-finish' });
    const runner = sdk(f).chat.completions.stream({ model: 'gpt-4o', messages: [user('x')] });
    await expect(runner.finalChatCompletion()).rejects.toThrow(/missing finish_reason/);
  });

  it('stall: the client abort is observed and close() ends the stalled socket', async () => {
    const f = await fake('xai');
    f.fail({ kind: 'stall', afterChunks: 1 });
    const controller = new AbortController();
    const requestSeen = f.waitForRequest();
    const stream = await sdk(f).chat.completions.create(
      { model: 'grok-4', messages: [user('x')], stream: true }, { signal: controller.signal },
    );
    expect((await requestSeen).body.model).toBe('grok-4');
    const iterator = stream[Symbol.asyncIterator]();
    const first = await iterator.next();
    expect(first.value?.choices[0]?.delta.role).toBe('assistant');
    controller.abort();
    await f.clientAborted();
  });

  it('stall without a client abort: close() still returns', async () => {
    const f = await fake('openai');
    f.fail({ kind: 'stall' });
    const pending = sdk(f).chat.completions.create({ model: 'gpt-4o', messages: [user('x')] }).catch((e: unknown) => e);
    await f.waitForRequest();
    await f.close();
    expect(await pending).toBeInstanceOf(Error); // headers arrived, then the body was cut: undici's "terminated"
  });

  it('serves legacy text completions (stream and non-stream)', async () => {
    const f = await fake('openai');
    const client = sdk(f);
    f.reply({ content: 'once upon a time' });
    const res = await client.completions.create({ model: 'gpt-3.5-turbo-instruct', prompt: 'Tell me' });
    expect(res).toMatchObject({ object: 'text_completion', choices: [{ text: 'once upon a time', finish_reason: 'stop' }] });
    const chunks = await collect(await client.completions.create({
      model: 'gpt-3.5-turbo-instruct', prompt: 'Tell me', stream: true, stream_options: { include_usage: true },
    }));
    expect(chunks.every((c) => c.object === 'text_completion')).toBe(true);
    expect(chunks.map((c) => c.choices[0]?.text ?? '').join('')).toBe('Hello from openai');
    expect(chunks.at(-1)?.usage).toMatchObject({ total_tokens: 15 });
  });

  it('lists models, and 404s what the vendor does not have', async () => {
    const openai = await fake('openai');
    const models = await sdk(openai).models.list();
    expect(models.data.map((m) => m.id)).toContain('gpt-4o');

    const perplexity = await fake('perplexity');
    await expect(sdk(perplexity).models.list()).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    const groq = await fake('groq');
    await expect(sdk(groq).embeddings.create({ model: 'x', input: 'a' })).rejects.toBeInstanceOf(OpenAI.NotFoundError);
  });
});
