// An Anthropic upstream that stalls or stops short, seen through each client surface: every failure reaches the client
// as its own error (a 504 before the first byte, an in-band error after it), never a hang or a silent success.
import Anthropic from '@anthropic-ai/sdk';
import { Ollama } from 'ollama';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeAnthropic } from '../fakes/fake-anthropic.js';
import { HAIKU, startAnthropicUpstream, type AnthropicUpstream } from './upstream-anthropic-harness.js';

let upstream: AnthropicUpstream;
let fake: FakeAnthropic;
let openai: OpenAI;
let ollama: Ollama;
let anthropic: Anthropic;

beforeAll(async () => {
  // Short, so stalls end quickly; non-stream answers here are small, so the first-byte limit never cuts a good one.
  upstream = await startAnthropicUpstream({ UPSTREAM_FIRST_BYTE_TIMEOUT_MS: '400', UPSTREAM_IDLE_TIMEOUT_MS: '300' });
  fake = upstream.fake;
  openai = new OpenAI({ baseURL: `${upstream.proxy.url}/v1`, apiKey: 'unused', maxRetries: 0 });
  ollama = new Ollama({ host: upstream.proxy.url });
  anthropic = new Anthropic({ baseURL: upstream.proxy.url, apiKey: 'unused', maxRetries: 0 });
});

afterAll(async () => {
  await upstream?.close();
});

const messages = [{ role: 'user' as const, content: 'x' }];

/** What a promise rejects with (undefined if it resolves). */
function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(() => undefined, (caught: unknown) => caught);
}

/** Drains an async iterable, returning the text it yielded and what it threw. */
async function drain<T>(stream: AsyncIterable<T>, textOf: (item: T) => string | null | undefined): Promise<{ text: string; error: unknown }> {
  let text = '';
  try {
    for await (const item of stream) text += textOf(item) ?? '';
  } catch (error) {
    return { text, error };
  }
  return { text, error: undefined };
}

describe('upstream sends no response headers in time', () => {
  it('answers 504 on every surface', async () => {
    fake.fail({ kind: 'stall', headers: false });
    const fromOpenAI = await failure(openai.chat.completions.create({ model: HAIKU, messages }));
    expect(fromOpenAI).toBeInstanceOf(OpenAI.APIError);
    expect(fromOpenAI).toMatchObject({ status: 504, code: 'upstream_timeout' });

    fake.fail({ kind: 'stall', headers: false });
    expect(await failure(ollama.chat({ model: HAIKU, messages, stream: true }))).toMatchObject({ name: 'ResponseError', status_code: 504 });

    fake.fail({ kind: 'stall', headers: false });
    const fromAnthropic = await failure(anthropic.messages.create({ model: HAIKU, max_tokens: 10, messages }));
    expect(fromAnthropic).toBeInstanceOf(Anthropic.APIError);
    expect(fromAnthropic).toMatchObject({ status: 504, type: 'timeout_error' });
  });
});

describe('upstream goes silent mid-stream (idle timeout)', () => {
  it('ends the OpenAI stream with an APIError after the text so far', async () => {
    fake.fail({ kind: 'stall', afterChunks: 4 });
    const stream = await openai.chat.completions.create({ model: HAIKU, messages, stream: true });
    const { text, error } = await drain(stream, (chunk) => chunk.choices[0]?.delta.content);
    expect(text.length).toBeGreaterThan(0);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect(String((error as Error).message)).toMatch(/idle timeout/);
  });

  it('ends the Ollama stream with an error after the text so far', async () => {
    fake.fail({ kind: 'stall', afterChunks: 4 });
    const stream = await ollama.chat({ model: HAIKU, messages, stream: true });
    const { text, error } = await drain(stream, (part) => part.message.content);
    expect(text.length).toBeGreaterThan(0);
    expect(String((error as Error | undefined)?.message)).toMatch(/idle timeout/);
  });

  it('ends the Anthropic stream with an APIError of type timeout_error', async () => {
    fake.fail({ kind: 'stall', afterChunks: 4 });
    const error = await failure(anthropic.messages.stream({ model: HAIKU, max_tokens: 10, messages }).finalMessage());
    expect(error).toBeInstanceOf(Anthropic.APIError);
    expect(error).toMatchObject({ error: { type: 'error', error: { type: 'timeout_error' } } });
  });
});

describe('upstream stream ends cleanly but without message_stop', () => {
  it('is an error on every surface, not a finished answer', async () => {
    fake.fail({ kind: 'no-message-stop' });
    const { error: fromOpenAI } = await drain(await openai.chat.completions.create({ model: HAIKU, messages, stream: true }), (chunk) => chunk.choices[0]?.delta.content);
    expect(fromOpenAI).toBeInstanceOf(OpenAI.APIError);
    expect(String((fromOpenAI as Error).message)).toMatch(/message_stop/);

    fake.fail({ kind: 'no-message-stop' });
    const { error: fromOllama } = await drain(await ollama.chat({ model: HAIKU, messages, stream: true }), (part) => part.message.content);
    expect(String((fromOllama as Error | undefined)?.message)).toMatch(/message_stop/);

    fake.fail({ kind: 'no-message-stop' });
    const fromAnthropic = await failure(anthropic.messages.stream({ model: HAIKU, max_tokens: 10, messages }).finalMessage());
    expect(fromAnthropic).toBeInstanceOf(Anthropic.APIError);
  });
});
