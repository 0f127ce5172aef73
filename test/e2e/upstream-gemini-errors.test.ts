// Gemini failures through every surface: HTTP errors before the first byte, failures inside a started stream, stalls,
// and a client that goes away. Every stream here must end (error or abort), never hang.
import Anthropic from '@anthropic-ai/sdk';
import { Ollama } from 'ollama';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GEMINI_3, startGeminiRig, stopGeminiRig, type GeminiRig } from './upstream-gemini-harness.js';

let rig: GeminiRig;
let openai: OpenAI;
let ollama: Ollama;
let anthropic: Anthropic;

beforeAll(async () => {
  rig = await startGeminiRig();
  openai = new OpenAI({ baseURL: `${rig.proxy.url}/v1`, apiKey: 'client-key-ignored', maxRetries: 0 });
  ollama = new Ollama({ host: rig.proxy.url });
  anthropic = new Anthropic({ baseURL: rig.proxy.url, apiKey: 'client-key-ignored', maxRetries: 0 });
});

afterAll(() => stopGeminiRig(rig));

const USER = [{ role: 'user' as const, content: 'x' }];
const STREAMED_TEXT = 'alpha beta gamma delta epsilon';

/** Reads a stream to its end; resolves with what it threw (undefined if it ended cleanly). */
async function drain(stream: AsyncIterable<unknown>): Promise<unknown> {
  try {
    for await (const _item of stream) {
      // keep reading
    }
    return undefined;
  } catch (error) {
    return error;
  }
}

const caught = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error);

describe('openai SDK → Switchboard → failing Gemini', () => {
  const chat = () => openai.chat.completions.create({ model: GEMINI_3, messages: USER });
  const stream = () => openai.chat.completions.create({ model: GEMINI_3, messages: USER, stream: true });

  it('maps 429 to RateLimitError with the RetryInfo delay as retry-after, 500 to 502, 503 to 503', async () => {
    rig.fake.fail({ kind: 'status', status: 429 });
    const limited = await caught(chat());
    expect(limited).toBeInstanceOf(OpenAI.RateLimitError);
    expect(limited).toMatchObject({ status: 429, type: 'rate_limit_error', code: 'rate_limit_exceeded' });
    expect((limited as InstanceType<typeof OpenAI.RateLimitError>).headers.get('retry-after')).toBe('7');
    expect((limited as Error).message).toMatch(/google rate limit: You exceeded your current quota/);

    rig.fake.fail({ kind: 'status', status: 500 });
    expect(await caught(stream())).toMatchObject({ status: 502, type: 'server_error' });

    rig.fake.fail({ kind: 'status', status: 503 });
    const overloaded = await caught(chat());
    expect(overloaded).toMatchObject({ status: 503, type: 'server_error' });
    expect((overloaded as Error).message).toMatch(/google is overloaded \(HTTP 503\): The model is overloaded/);
  });

  it('throws an APIError when the upstream drops mid-stream, sends an error chunk, or ends without a finishReason', async () => {
    rig.fake.reply({ content: STREAMED_TEXT });
    rig.fake.fail({ kind: 'drop-mid-stream', afterChunks: 2 });
    const dropped = await drain(await stream());
    expect(dropped).toBeInstanceOf(OpenAI.APIError);
    expect((dropped as Error).message).toMatch(/google connection failed mid-response/);

    rig.fake.fail({ kind: 'stream-error-chunk', afterChunks: 2 });
    const error = await drain(await stream());
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((error as Error).message).toMatch(/google is overloaded: The model is overloaded/);

    rig.fake.fail({ kind: 'no-finish' });
    expect(String(await drain(await stream()))).toMatch(/google stream ended without a finishReason/);
  });

  it('ends a stalled stream with an idle-timeout error and closes the upstream; no headers at all is a 504', async () => {
    rig.fake.fail({ kind: 'stall', afterChunks: 1 });
    expect(String(await drain(await stream()))).toMatch(/idle timeout/);
    await rig.fake.clientAborted();

    rig.fake.fail({ kind: 'stall', headers: false });
    expect(await caught(chat())).toMatchObject({ status: 504 });
    await rig.fake.clientAborted();
  });

  it('delivers text while the upstream still streams, and closes the upstream connection when the client aborts', async () => {
    rig.fake.reply({ content: STREAMED_TEXT });
    rig.fake.fail({ kind: 'stall', afterChunks: 2 });
    const controller = new AbortController();
    const live = await openai.chat.completions.create({ model: GEMINI_3, messages: USER, stream: true }, { signal: controller.signal });
    let text = '';
    for await (const chunk of live) {
      text += chunk.choices[0]?.delta.content ?? '';
      if (text !== '') break;
    }
    expect(STREAMED_TEXT.startsWith(text)).toBe(true);
    controller.abort();
    await rig.fake.clientAborted();
  });
});

describe('ollama-js → Switchboard → failing Gemini', () => {
  const chat = () => ollama.chat({ model: GEMINI_3, messages: USER });
  const stream = () => ollama.chat({ model: GEMINI_3, messages: USER, stream: true });

  it('maps 429, 500 and 503 to Ollama errors with the status and a clear message', async () => {
    rig.fake.fail({ kind: 'status', status: 429 });
    const limited = await caught(chat());
    expect(limited).toMatchObject({ name: 'ResponseError', status_code: 429 });
    expect((limited as Error).message).toMatch(/google rate limit/);

    rig.fake.fail({ kind: 'status', status: 500 });
    expect(await caught(stream())).toMatchObject({ status_code: 502 });

    rig.fake.fail({ kind: 'status', status: 503 });
    expect(await caught(chat())).toMatchObject({ status_code: 503, message: expect.stringMatching(/google is overloaded/) });
  });

  it('throws from the stream when the upstream drops mid-stream or sends an error chunk', async () => {
    rig.fake.reply({ content: STREAMED_TEXT });
    rig.fake.fail({ kind: 'drop-mid-stream', afterChunks: 2 });
    expect(String(await drain(await stream()))).toMatch(/google/);

    rig.fake.fail({ kind: 'stream-error-chunk', afterChunks: 2 });
    expect(String(await drain(await stream()))).toMatch(/google is overloaded: The model is overloaded/);
  });

  it('ends a stalled stream with an idle-timeout error and closes the upstream; no headers at all is a 504', async () => {
    rig.fake.fail({ kind: 'stall', afterChunks: 1 });
    expect(String(await drain(await stream()))).toMatch(/idle timeout/);
    await rig.fake.clientAborted();

    rig.fake.fail({ kind: 'stall', headers: false });
    expect(await caught(chat())).toMatchObject({ status_code: 504 });
    await rig.fake.clientAborted();
  });

  it('delivers text while the upstream still streams, and closes the upstream connection when the client aborts', async () => {
    rig.fake.reply({ content: STREAMED_TEXT });
    rig.fake.fail({ kind: 'stall', afterChunks: 2 });
    const live = await stream();
    let text = '';
    for await (const part of live) {
      text += part.message.content;
      if (text !== '') break;
    }
    expect(STREAMED_TEXT.startsWith(text)).toBe(true);
    live.abort();
    await rig.fake.clientAborted();
  });
});

describe('@anthropic-ai/sdk → Switchboard → failing Gemini', () => {
  const params = { model: GEMINI_3, max_tokens: 50, messages: USER };

  it('maps 429 to RateLimitError with retry-after, 500 to a 502 api_error, 503 to OverloadedError', async () => {
    rig.fake.fail({ kind: 'status', status: 429 });
    const limited = await caught(anthropic.messages.create(params));
    expect(limited).toBeInstanceOf(Anthropic.RateLimitError);
    expect(limited).toMatchObject({ status: 429, type: 'rate_limit_error' });
    expect((limited as InstanceType<typeof Anthropic.RateLimitError>).headers.get('retry-after')).toBe('7');

    rig.fake.fail({ kind: 'status', status: 500 });
    const failed = await caught(anthropic.messages.create({ ...params, stream: true }));
    expect(failed).toBeInstanceOf(Anthropic.InternalServerError);
    expect(failed).toMatchObject({ status: 502, type: 'api_error' });

    rig.fake.fail({ kind: 'status', status: 503 });
    const overloaded = await caught(anthropic.messages.create(params));
    expect(overloaded).toBeInstanceOf(Anthropic.OverloadedError);
    expect(overloaded).toMatchObject({ status: 529, type: 'overloaded_error' });
  });

  it('throws an APIError from the in-band error event on a mid-stream drop or an error chunk', async () => {
    rig.fake.reply({ content: STREAMED_TEXT });
    rig.fake.fail({ kind: 'drop-mid-stream', afterChunks: 2 });
    expect(await caught(anthropic.messages.stream(params).finalMessage())).toBeInstanceOf(Anthropic.APIError);

    rig.fake.fail({ kind: 'stream-error-chunk', afterChunks: 2 });
    const error = await caught(anthropic.messages.stream(params).finalMessage());
    expect(error).toBeInstanceOf(Anthropic.APIError);
    expect(error).toMatchObject({ type: 'overloaded_error' });
    expect((error as Error).message).toMatch(/google is overloaded: The model is overloaded/);
  });

  it('ends a stalled stream with an idle-timeout error and closes the upstream; no headers at all is a 504', async () => {
    rig.fake.fail({ kind: 'stall', afterChunks: 1 });
    expect(String(await caught(anthropic.messages.stream(params).finalMessage()))).toMatch(/idle timeout/);
    await rig.fake.clientAborted();

    rig.fake.fail({ kind: 'stall', headers: false });
    expect(await caught(anthropic.messages.create(params))).toMatchObject({ status: 504, type: 'timeout_error' });
    await rig.fake.clientAborted();
  });

  it('delivers text while the upstream still streams, and closes the upstream connection when the client aborts', async () => {
    rig.fake.reply({ content: STREAMED_TEXT });
    rig.fake.fail({ kind: 'stall', afterChunks: 2 });
    const stream = anthropic.messages.stream(params);
    const ended = caught(stream.finalMessage());
    const first = await new Promise<string>((resolve) => stream.once('text', resolve));
    expect(STREAMED_TEXT.startsWith(first)).toBe(true);
    stream.abort();
    await rig.fake.clientAborted();
    expect(await ended).toBeInstanceOf(Anthropic.APIUserAbortError);
  });
});
