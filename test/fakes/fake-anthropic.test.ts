// Validates the fake Anthropic upstream against the official @anthropic-ai/sdk (pointed straight at the fake).
import Anthropic, { APIError } from '@anthropic-ai/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeAnthropic, type FakeAnthropic } from './fake-anthropic.js';

const started: FakeAnthropic[] = [];

afterEach(async () => {
  await Promise.all(started.splice(0).map((f) => f.close()));
});

async function fake(opts?: Parameters<typeof startFakeAnthropic>[0]): Promise<FakeAnthropic> {
  const f = await startFakeAnthropic(opts);
  started.push(f);
  return f;
}

function sdk(f: FakeAnthropic, apiKey = 'test-key'): Anthropic {
  return new Anthropic({ baseURL: f.url, apiKey, maxRetries: 0 });
}

/** POST /v1/messages the way curl and SDK 0.x do (x-api-key, 2023-06-01). */
function post(f: FakeAnthropic, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${f.url}/v1/messages`, {
    method: 'POST',
    headers: { 'x-api-key': 'test-key', 'anthropic-version': '2023-06-01', 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

async function apiError(promise: Promise<unknown>): Promise<APIError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof APIError) return error;
    throw error;
  }
  throw new Error('expected an APIError');
}

const hello = { model: 'claude-sonnet-5-5', max_tokens: 1024, messages: [{ role: 'user' as const, content: 'Hello' }] };
const weatherTool = { name: 'get_weather', description: 'Weather for a city', input_schema: { type: 'object' as const, properties: { city: { type: 'string' } }, required: ['city'] } };

describe('fake Anthropic upstream (official SDK straight at the fake)', () => {
  it('answers a non-stream message with usage including cache tokens, and records the request', async () => {
    const f = await fake();
    f.reply({ content: 'Hi there', usage: { input_tokens: 12, output_tokens: 3, cache_read_input_tokens: 100, cache_creation_input_tokens: 20 } });
    const message = await sdk(f).messages.create(hello);

    expect(message).toMatchObject({
      type: 'message', role: 'assistant', model: 'claude-sonnet-5-5', stop_reason: 'end_turn', stop_sequence: null,
      content: [{ type: 'text', text: 'Hi there' }],
      usage: { input_tokens: 12, output_tokens: 3, cache_read_input_tokens: 100, cache_creation_input_tokens: 20 },
    });
    expect(message.id).toMatch(/^msg_/);
    expect(f.requests[0]).toMatchObject({ method: 'POST', path: '/v1/messages', body: hello });
    // SDK 1.x authenticates with a bearer token and its own API version; the fake accepts both styles.
    expect(f.requests[0]?.headers.authorization).toBe('Bearer test-key');
    expect(f.requests[0]?.headers['anthropic-version']).toBe('2026-10-21');
  });

  it('streams the full event sequence, which the SDK accumulates into the same message', async () => {
    const f = await fake();
    f.reply({ content: 'The quick brown fox jumps', usage: { input_tokens: 9, output_tokens: 7, cache_read_input_tokens: 4 } });
    const stream = await sdk(f).messages.create({ ...hello, stream: true });
    const events = [];
    for await (const event of stream) events.push(event);

    expect(events.map((e) => e.type)).toEqual([
      'message_start', 'content_block_start',
      'content_block_delta', 'content_block_delta', 'content_block_delta', 'content_block_delta',
      'content_block_stop', 'message_delta', 'message_stop',
    ]);
    const text = events.flatMap((e) => (e.type === 'content_block_delta' && e.delta.type === 'text_delta' ? [e.delta.text] : [])).join('');
    expect(text).toBe('The quick brown fox jumps');
    expect(events[0]).toMatchObject({ type: 'message_start', message: { usage: { input_tokens: 9, cache_read_input_tokens: 4 } } });
    expect(events.at(-2)).toMatchObject({ type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 7 } });
  });

  it('sends named events with pings on the wire', async () => {
    const f = await fake();
    const text = await (await post(f, { ...hello, stream: true })).text();
    const names = [...text.matchAll(/^event: (\w+)$/gm)].map((m) => m[1]);
    expect(names[0]).toBe('message_start');
    expect(names.filter((n) => n === 'ping')).toHaveLength(2);
    expect(names.at(-1)).toBe('message_stop');
    expect(text).toContain('data: {"type":"ping"}');
  });

  it('streams thinking with a signature and tool input as JSON fragments (messages.stream().finalMessage())', async () => {
    const f = await fake();
    f.reply({ thinking: 'The user wants the weather.', content: 'Let me check.', toolCalls: [{ id: 'toolu_1', name: 'get_weather', input: { city: 'Tokyo' } }] });
    const final = await sdk(f)
      .messages.stream({ ...hello, max_tokens: 4096, tools: [weatherTool], thinking: { type: 'enabled', budget_tokens: 2048 } })
      .finalMessage();

    expect(final.stop_reason).toBe('tool_use');
    expect(final.content).toHaveLength(3);
    expect(final.content[0]).toMatchObject({ type: 'thinking', thinking: 'The user wants the weather.', signature: expect.stringMatching(/^Eq/) });
    expect(final.content[1]).toMatchObject({ type: 'text', text: 'Let me check.' });
    expect(final.content[2]).toMatchObject({ type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Tokyo' } });
  });

  it('completes a two-turn tool call, and rejects a result without its call or a turn without its thinking', async () => {
    const f = await fake();
    const client = sdk(f);
    f.reply({ thinking: 'Need weather.', toolCalls: [{ name: 'get_weather', input: { city: 'Paris' } }] });
    const first = await client.messages.create({ ...hello, max_tokens: 4096, tools: [weatherTool], thinking: { type: 'enabled', budget_tokens: 1024 } });
    const call = first.content.find((block) => block.type === 'tool_use');
    expect(call).toMatchObject({ type: 'tool_use', name: 'get_weather', input: { city: 'Paris' } });
    if (call?.type !== 'tool_use') throw new Error('no tool_use');

    const base = { ...hello, max_tokens: 4096, tools: [weatherTool], thinking: { type: 'enabled' as const, budget_tokens: 1024 } };
    const result = { role: 'user' as const, content: [{ type: 'tool_result' as const, tool_use_id: call.id, content: '18°C' }] };
    f.reply({ content: 'It is 18°C in Paris.' });
    const second = await client.messages.create({ ...base, messages: [...base.messages, { role: 'assistant', content: first.content }, result] });
    expect(second.content).toEqual([expect.objectContaining({ type: 'text', text: 'It is 18°C in Paris.' })]);

    const withoutThinking = first.content.filter((block) => block.type !== 'thinking');
    const missing = await apiError(client.messages.create({ ...base, messages: [...base.messages, { role: 'assistant', content: withoutThinking }, result] }));
    expect(missing.status).toBe(400);
    expect(missing.message).toContain('must start with a thinking block');

    const edited = first.content.map((block) => (block.type === 'thinking' ? { ...block, thinking: 'edited' } : block));
    const tampered = await apiError(client.messages.create({ ...base, messages: [...base.messages, { role: 'assistant', content: edited }, result] }));
    expect(tampered.message).toContain('Invalid `signature`');

    const wrongId = { role: 'user' as const, content: [{ type: 'tool_result' as const, tool_use_id: 'toolu_other', content: 'x' }] };
    const orphan = await apiError(client.messages.create({ ...base, messages: [...base.messages, { role: 'assistant', content: first.content }, wrongId] }));
    expect(orphan.status).toBe(400);
    expect(orphan.type).toBe('invalid_request_error');
    expect(orphan.message).toContain('unexpected `tool_use_id`');
  });

  it('maps error statuses to the SDK error classes with Anthropic error types', async () => {
    const f = await fake();
    const client = sdk(f);
    f.fail({ kind: 'status', status: 429 });
    const limited = await apiError(client.messages.create(hello));
    expect(limited).toBeInstanceOf(Anthropic.RateLimitError);
    expect(limited.type).toBe('rate_limit_error');
    expect(limited.headers?.get('retry-after')).toBe('1');
    expect(limited.requestID).toMatch(/^req_/);

    f.fail({ kind: 'status', status: 529 });
    const overloaded = await apiError(client.messages.create(hello));
    expect(overloaded.status).toBe(529);
    expect(overloaded.type).toBe('overloaded_error');

    f.fail({ kind: 'status', status: 500 });
    const internal = await apiError(client.messages.create(hello));
    expect(internal).toBeInstanceOf(Anthropic.InternalServerError);
    expect(internal.type).toBe('api_error');

    const denied = await apiError(sdk(f, 'wrong-key').messages.create(hello));
    expect(denied).toBeInstanceOf(Anthropic.AuthenticationError);
    expect(denied.type).toBe('authentication_error');
  });

  it('throws the in-stream error event as an SDK error, and a dropped stream as a failure', async () => {
    const f = await fake();
    f.fail({ kind: 'stream-error-event', afterChunks: 3 });
    const streamed = await apiError((async () => {
      for await (const _event of await sdk(f).messages.create({ ...hello, stream: true })) {
        // consume
      }
    })());
    expect(streamed.type).toBe('overloaded_error');

    f.fail({ kind: 'drop-mid-stream', afterChunks: 3 });
    await expect((async () => {
      for await (const _event of await sdk(f).messages.create({ ...hello, stream: true })) {
        // consume
      }
    })()).rejects.toThrow();
  });

  it('validates requests like the API: headers, max_tokens, roles, thinking budget, sampling by version', async () => {
    const f = await fake();
    const cases: Array<[unknown, Record<string, string>, string]> = [
      [hello, { 'anthropic-version': '' }, 'anthropic-version: header is required'],
      [{ ...hello, max_tokens: undefined }, {}, 'max_tokens: Field required'],
      [{ ...hello, messages: [{ role: 'assistant', content: 'Hi' }] }, {}, 'first message must use the "user" role'],
      [{ ...hello, messages: [{ role: 'user', content: 'a' }, { role: 'user', content: 'b' }] }, {}, 'roles must alternate'],
      [{ ...hello, messages: [{ role: 'system', content: 'a' }] }, {}, "Input should be 'user' or 'assistant'"],
      [{ ...hello, thinking: { type: 'enabled', budget_tokens: 2048 } }, {}, 'must be greater than `thinking.budget_tokens`'],
      [{ ...hello, max_tokens: 4096, temperature: 0.5, thinking: { type: 'enabled', budget_tokens: 2048 } }, {}, '`temperature` may only be set to 1'],
      [{ ...hello, temperature: 0.5 }, { 'anthropic-version': '2026-10-21' }, 'temperature: Extra inputs are not permitted'],
      [{ ...hello, seed: 1 }, {}, 'seed: Extra inputs are not permitted'],
      [{ ...hello, messages: [{ role: 'user', content: [{ type: 'text', text: '' }] }] }, {}, 'text content blocks must be non-empty'],
    ];
    for (const [body, headers, message] of cases) {
      const res = await post(f, body, headers);
      expect(res.status, message).toBe(400);
      const json = (await res.json()) as { type: string; error: { type: string; message: string } };
      expect(json.type).toBe('error');
      expect(json.error.type).toBe('invalid_request_error');
      expect(json.error.message).toContain(message);
    }
    // curl / SDK 0.x style is accepted, temperature included.
    expect((await post(f, { ...hello, temperature: 0.5 })).status).toBe(200);
    expect((await post(f, { ...hello, model: 'gpt-4o' })).status).toBe(404);
  });

  it('lists models', async () => {
    const f = await fake();
    const page = await sdk(f).models.list();
    expect(page.data.map((m) => m.id)).toContain('claude-sonnet-5-5');
  });
});
