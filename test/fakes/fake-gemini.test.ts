// Validates the fake Gemini upstream against the official @google/genai SDK (pointed straight at the fake), plus the
// wire details the SDK hides (headers, SSE framing, error bodies).
import { ApiError, GoogleGenAI, Type } from '@google/genai';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeGemini, type FakeGemini } from './fake-gemini.js';
import { MISSING_SIGNATURE_MESSAGE } from './fake-gemini-validation.js';

const started: FakeGemini[] = [];

afterEach(async () => {
  await Promise.all(started.splice(0).map((f) => f.close()));
});

async function fake(opts?: Parameters<typeof startFakeGemini>[0]): Promise<FakeGemini> {
  const f = await startFakeGemini(opts);
  started.push(f);
  return f;
}

function sdk(f: FakeGemini, apiKey = 'test-key'): GoogleGenAI {
  return new GoogleGenAI({ apiKey, httpOptions: { baseUrl: f.url } });
}

/** POST a raw body the way curl would. */
function post(f: FakeGemini, path: string, body: unknown, headers: Record<string, string> = { 'x-goog-api-key': 'test-key' }): Promise<Response> {
  return fetch(`${f.url}/v1beta/models/${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

async function apiError(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected an ApiError');
}

const weatherTool = {
  functionDeclarations: [{
    name: 'get_weather',
    description: 'Weather for a city',
    parameters: { type: Type.OBJECT, properties: { city: { type: Type.STRING } }, required: ['city'] },
  }],
};

describe('fake Gemini upstream (official SDK straight at the fake)', () => {
  it('answers generateContent with text, thoughts and usage, and records the request with the key header', async () => {
    const f = await fake();
    f.reply({ content: 'Hi there', thoughts: 'The user greets me.', usage: { promptTokenCount: 12, candidatesTokenCount: 3, thoughtsTokenCount: 40, cachedContentTokenCount: 8 } });
    const response = await sdk(f).models.generateContent({
      model: 'gemini-2.5-flash',
      contents: 'Hello',
      config: { systemInstruction: 'Be brief.', thinkingConfig: { includeThoughts: true, thinkingBudget: 1024 } },
    });

    expect(response.text).toBe('Hi there');
    expect(response.candidates?.[0]?.content?.parts).toEqual([{ text: 'The user greets me.', thought: true }, { text: 'Hi there' }]);
    expect(response.candidates?.[0]?.finishReason).toBe('STOP');
    expect(response.usageMetadata).toMatchObject({ promptTokenCount: 12, candidatesTokenCount: 3, thoughtsTokenCount: 40, cachedContentTokenCount: 8, totalTokenCount: 55 });
    expect(response.modelVersion).toBe('gemini-2.5-flash');
    const sent = f.requests[0]!;
    expect(sent.path).toBe('/v1beta/models/gemini-2.5-flash:generateContent');
    expect(sent.headers['x-goog-api-key']).toBe('test-key');
    expect(sent.body).toMatchObject({
      contents: [{ role: 'user', parts: [{ text: 'Hello' }] }],
      systemInstruction: { parts: [{ text: 'Be brief.' }] },
      generationConfig: { thinkingConfig: { includeThoughts: true, thinkingBudget: 1024 } },
    });
  });

  it('leaves thought parts out unless the request asked for them, but still counts the thinking tokens', async () => {
    const f = await fake();
    f.reply({ content: 'Four.', thoughts: 'Two plus two.' });
    const response = await sdk(f).models.generateContent({ model: 'gemini-2.5-flash', contents: '2+2?' });
    expect(response.candidates?.[0]?.content?.parts).toEqual([{ text: 'Four.' }]);
    expect(response.usageMetadata?.thoughtsTokenCount).toBe(3);
  });

  it('streams chunks over alt=sse that the SDK joins into the same text, with the full usage on the last chunk', async () => {
    const f = await fake();
    f.reply({ content: 'The quick brown fox jumps over', usage: { promptTokenCount: 9, candidatesTokenCount: 6 } });
    const stream = await sdk(f).models.generateContentStream({ model: 'gemini-2.5-flash', contents: 'Tell me' });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);

    expect(chunks.map((chunk) => chunk.text ?? '').join('')).toBe('The quick brown fox jumps over');
    expect(chunks.length).toBe(5);
    expect(chunks.at(-1)?.candidates?.[0]?.finishReason).toBe('STOP');
    expect(chunks.at(-1)?.usageMetadata).toMatchObject({ promptTokenCount: 9, candidatesTokenCount: 6, totalTokenCount: 15 });
    expect(chunks[0]?.usageMetadata?.candidatesTokenCount).toBeUndefined();
    expect(f.requests[0]?.path).toBe('/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse');
  });

  it('frames SSE events with CRLF and no end marker', async () => {
    const f = await fake();
    f.reply({ content: 'ab' });
    const response = await post(f, 'gemini-2.5-flash:streamGenerateContent?alt=sse', { contents: [{ role: 'user', parts: [{ text: 'x' }] }] });
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const text = await response.text();
    expect(text.startsWith('data: {')).toBe(true);
    expect(text.endsWith('}\r\n\r\n')).toBe(true);
    expect(text).not.toContain('[DONE]');
  });

  it('returns a function call the SDK reads, and accepts the function response on the next turn', async () => {
    const f = await fake();
    const client = sdk(f);
    f.reply({ functionCalls: [{ name: 'get_weather', args: { city: 'Tokyo' } }] });
    const first = await client.models.generateContent({ model: 'gemini-2.5-flash', contents: 'Weather in Tokyo?', config: { tools: [weatherTool] } });
    expect(first.functionCalls).toEqual([{ name: 'get_weather', args: { city: 'Tokyo' } }]);
    expect(first.candidates?.[0]?.finishReason).toBe('STOP');

    f.reply({ content: 'It is 11C in Tokyo.' });
    const second = await client.models.generateContent({
      model: 'gemini-2.5-flash',
      contents: [
        { role: 'user', parts: [{ text: 'Weather in Tokyo?' }] },
        first.candidates![0]!.content!,
        { role: 'user', parts: [{ functionResponse: { name: 'get_weather', response: { output: '11C' } } }] },
      ],
      config: { tools: [weatherTool] },
    });
    expect(second.text).toBe('It is 11C in Tokyo.');
  });

  it('signs Gemini 3 function calls and rejects the next turn when the signature is not sent back', async () => {
    const f = await fake();
    const client = sdk(f);
    f.reply({ functionCalls: [{ name: 'get_weather', args: { city: 'Paris' } }, { name: 'get_weather', args: { city: 'Rome' } }] });
    const first = await client.models.generateContent({ model: 'gemini-3.8-flash', contents: 'Weather in Paris and Rome?', config: { tools: [weatherTool] } });
    const parts = first.candidates![0]!.content!.parts!;
    expect(parts[0]?.thoughtSignature).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(parts[1]?.thoughtSignature).toBeUndefined();

    const results = { role: 'user', parts: [
      { functionResponse: { name: 'get_weather', response: { output: '18C' } } },
      { functionResponse: { name: 'get_weather', response: { output: '21C' } } },
    ] };
    const history = (modelParts: typeof parts) => [{ role: 'user', parts: [{ text: 'Weather in Paris and Rome?' }] }, { role: 'model', parts: modelParts }, results];

    const unsigned = parts.map(({ thoughtSignature: _dropped, ...part }) => part);
    const rejected = await apiError(client.models.generateContent({ model: 'gemini-3.8-flash', contents: history(unsigned), config: { tools: [weatherTool] } }));
    expect(rejected.status).toBe(400);
    expect(rejected.message).toContain(MISSING_SIGNATURE_MESSAGE('get_weather', 2));

    const forged = [{ ...unsigned[0]!, thoughtSignature: 'AAAA' }, unsigned[1]!];
    const corrupted = await apiError(client.models.generateContent({ model: 'gemini-3.8-flash', contents: history(forged), config: { tools: [weatherTool] } }));
    expect(corrupted.message).toContain('Corrupted thought signature.');

    f.reply({ content: 'Paris 18C, Rome 21C.' });
    const ok = await client.models.generateContent({ model: 'gemini-3.8-flash', contents: history(parts), config: { tools: [weatherTool] } });
    expect(ok.text).toBe('Paris 18C, Rome 21C.');

    const dummy = [{ ...unsigned[0]!, thoughtSignature: 'skip_thought_signature_validator' }, unsigned[1]!];
    f.reply({ content: 'Still fine.' });
    expect((await client.models.generateContent({ model: 'gemini-3.8-flash', contents: history(dummy), config: { tools: [weatherTool] } })).text).toBe('Still fine.');
  });

  it('embeds through batchEmbedContents (the SDK path) with outputDimensionality, and through embedContent', async () => {
    const f = await fake();
    const response = await sdk(f).models.embedContent({ model: 'gemini-embedding-001', contents: ['one', 'two'], config: { outputDimensionality: 8 } });
    expect(response.embeddings?.map((embedding) => embedding.values?.length)).toEqual([8, 8]);
    expect(response.embeddings?.[0]?.values).not.toEqual(response.embeddings?.[1]?.values);
    expect(f.requests[0]?.path).toBe('/v1beta/models/gemini-embedding-001:batchEmbedContents');
    expect(f.requests[0]?.body.requests[0]).toMatchObject({ model: 'models/gemini-embedding-001', content: { parts: [{ text: 'one' }] }, outputDimensionality: 8 });

    const single = await post(f, 'gemini-embedding-001:embedContent', { content: { parts: [{ text: 'one' }] }, outputDimensionality: 8 });
    expect(((await single.json()) as { embedding: { values: number[] } }).embedding.values).toEqual(response.embeddings?.[0]?.values);
  });

  it('turns a queued status fault into an ApiError with Google’s error envelope and RetryInfo', async () => {
    const f = await fake();
    f.fail({ kind: 'status', status: 429 });
    const error = await apiError(sdk(f).models.generateContent({ model: 'gemini-2.5-flash', contents: 'Hi' }));
    expect(error.status).toBe(429);
    expect(error.message).toContain('RESOURCE_EXHAUSTED');

    f.fail({ kind: 'status', status: 503 });
    const response = await post(f, 'gemini-2.5-flash:generateContent', { contents: [{ parts: [{ text: 'x' }] }] });
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ error: { code: 503, message: 'The model is overloaded. Please try again later.', status: 'UNAVAILABLE' } });
  });

  it('rejects a wrong key with 400 API_KEY_INVALID and a missing key with 403', async () => {
    const f = await fake();
    const wrong = await apiError(sdk(f, 'nope').models.generateContent({ model: 'gemini-2.5-flash', contents: 'Hi' }));
    expect(wrong.status).toBe(400);
    expect(wrong.message).toContain('API key not valid');
    const missing = await post(f, 'gemini-2.5-flash:generateContent', { contents: [{ parts: [{ text: 'x' }] }] }, {});
    expect(missing.status).toBe(403);
    const viaQuery = await fetch(`${f.url}/v1beta/models/gemini-2.5-flash:generateContent?key=test-key`, { method: 'POST', body: JSON.stringify({ contents: [{ parts: [{ text: 'x' }] }] }) });
    expect(viaQuery.status).toBe(200);
  });

  it('rejects unknown fields and list-typed values like the proto parser does', async () => {
    const f = await fake();
    const response = await post(f, 'gemini-2.5-flash:generateContent', {
      contents: [{ role: 'user', parts: [{ text: 'x' }] }],
      tools: [{ functionDeclarations: [{ name: 'f', parameters: { type: 'object', additionalProperties: false, properties: { a: { type: ['string', 'null'] } } } }] }],
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { message: string; status: string } };
    expect(body.error.status).toBe('INVALID_ARGUMENT');
    expect(body.error.message).toContain(`Unknown name "additionalProperties" at 'tools[0].function_declarations[0].parameters': Cannot find field.`);
    expect(body.error.message).toContain(`Unknown name "type" at 'tools[0].function_declarations[0].parameters.properties[0].value': Proto field is not repeating, cannot start list.`);
  });

  it('enforces roles, non-empty parts, schema formats and the function-response turn rules', async () => {
    const f = await fake();
    const message = async (body: unknown) => ((await (await post(f, 'gemini-2.5-flash:generateContent', body)).json()) as { error: { message: string } }).error.message;
    expect(await message({ contents: [{ role: 'assistant', parts: [{ text: 'x' }] }] })).toBe('Please use a valid role: user, model.');
    expect(await message({ contents: [{ role: 'user', parts: [{ text: '' }] }] })).toBe(`* GenerateContentRequest.contents[0].parts[0].data: required oneof field 'data' must have one initialized field`);
    expect(await message({ contents: [{ role: 'user', parts: [] }] })).toBe('* GenerateContentRequest.contents[0].parts: contents.parts must not be empty.');
    expect(await message({
      contents: [{ role: 'user', parts: [{ text: 'x' }] }],
      tools: [{ functionDeclarations: [{ name: 'f', parameters: { type: 'OBJECT', properties: { u: { type: 'STRING', format: 'uri' } } } }] }],
    })).toBe(`* GenerateContentRequest.tools[0].function_declarations[0].parameters.properties[u].format: only 'enum' and 'date-time' are supported for STRING type`);
    expect(await message({
      contents: [
        { role: 'user', parts: [{ text: 'x' }] },
        { role: 'model', parts: [{ functionCall: { name: 'a', args: {} } }] },
        { role: 'user', parts: [{ functionResponse: { name: 'b', response: { output: 1 } } }] },
      ],
    })).toContain("no call to 'b' is waiting for a response");
    expect(await message({
      contents: [{ role: 'user', parts: [{ text: 'x' }] }, { role: 'user', parts: [{ functionResponse: { name: 'b', response: {} } }] }],
    })).toBe('Please ensure that function response turn comes immediately after a function call turn.');
  });

  it('answers 404 NOT_FOUND for unknown or wrong-kind models, and lists models page by page', async () => {
    const f = await fake();
    const error = await apiError(sdk(f).models.generateContent({ model: 'gemini-embedding-001', contents: 'Hi' }));
    expect(error.status).toBe(404);
    expect(error.message).toContain('is not supported for generateContent');
    const page = await fetch(`${f.url}/v1beta/models?pageSize=2`, { headers: { 'x-goog-api-key': 'test-key' } });
    const body = (await page.json()) as { models: Array<{ name: string }>; nextPageToken?: string };
    expect(body.models.map((model) => model.name)).toEqual(['models/gemini-2.5-flash', 'models/gemini-2.5-pro']);
    expect(body.nextPageToken).toBe('2');
  });

  it('misbehaves on demand: in-band error chunk, dropped stream, and a client abort it notices', async () => {
    const f = await fake();
    f.reply({ content: 'one two three four' });
    f.fail({ kind: 'stream-error-chunk', afterChunks: 1 });
    const text = await (await post(f, 'gemini-2.5-flash:streamGenerateContent?alt=sse', { contents: [{ parts: [{ text: 'x' }] }] })).text();
    expect(text.trim().split('\r\n\r\n').at(-1)).toBe('data: {"error":{"code":503,"message":"The model is overloaded. Please try again later.","status":"UNAVAILABLE"}}');

    f.fail({ kind: 'drop-mid-stream', afterChunks: 1 });
    await expect(post(f, 'gemini-2.5-flash:streamGenerateContent?alt=sse', { contents: [{ parts: [{ text: 'x' }] }] }).then((r) => r.text())).rejects.toThrow();

    f.fail({ kind: 'stall' });
    const controller = new AbortController();
    const stalled = fetch(`${f.url}/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse`, {
      method: 'POST', headers: { 'x-goog-api-key': 'test-key' }, body: JSON.stringify({ contents: [{ parts: [{ text: 'x' }] }] }), signal: controller.signal,
    });
    const response = await stalled;
    controller.abort();
    await expect(response.text()).rejects.toThrow();
    await f.clientAborted();
  });
});
