import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeVector } from '../fakes/fake-gemini.js';
import {
  embedCalls, expectGenerateCall, GEMINI_25, GEMINI_3, GEMINI_EMBEDDING, GEMINI_KEY, generateCalls, lastGenerate, PNG_BASE64,
  RECURSIVE_SCHEMA, RECURSIVE_SCHEMA_MESSAGE, startGeminiRig, stopGeminiRig, WEATHER_SCHEMA, type GeminiRig,
} from './upstream-gemini-harness.js';

let rig: GeminiRig;
let client: OpenAI;

beforeAll(async () => {
  rig = await startGeminiRig();
  client = new OpenAI({ baseURL: `${rig.proxy.url}/v1`, apiKey: 'client-key-ignored', maxRetries: 0 });
});

afterAll(() => stopGeminiRig(rig));

const WEATHER_TOOL: OpenAI.ChatCompletionFunctionTool = {
  type: 'function',
  function: { name: 'get_weather', description: 'Current weather for a city', parameters: WEATHER_SCHEMA },
};

describe('openai SDK → Switchboard → Gemini', () => {
  it('chats non-stream: systemInstruction, user/model roles, the key in x-goog-api-key, usage with thoughts and cache', async () => {
    rig.fake.reply({ content: 'Hello there', usage: { promptTokenCount: 20, candidatesTokenCount: 2, thoughtsTokenCount: 5, cachedContentTokenCount: 8 } });
    const completion = await client.chat.completions.create({
      model: GEMINI_25,
      messages: [
        { role: 'system', content: 'Be terse.' },
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'Hello.' },
        { role: 'user', content: 'Again' },
      ],
    });
    expect(completion.choices[0]).toMatchObject({ message: { role: 'assistant', content: 'Hello there' }, finish_reason: 'stop' });
    expect(completion.usage).toMatchObject({
      prompt_tokens: 20,
      completion_tokens: 7,
      total_tokens: 27,
      prompt_tokens_details: { cached_tokens: 8 },
      completion_tokens_details: { reasoning_tokens: 5 },
    });
    const body = expectGenerateCall(lastGenerate(rig.fake), GEMINI_25, false);
    expect(body.systemInstruction).toEqual({ parts: [{ text: 'Be terse.' }] });
    expect(body.contents).toEqual([
      { role: 'user', parts: [{ text: 'Hi' }] },
      { role: 'model', parts: [{ text: 'Hello.' }] },
      { role: 'user', parts: [{ text: 'Again' }] },
    ]);
  });

  it('streams text as several deltas and reports the LAST usageMetadata of the stream, not a sum', async () => {
    // The fake sends partial usage (prompt only) on every chunk and the full counts on the last one.
    rig.fake.reply({ content: 'one two three four five six seven eight', usage: { promptTokenCount: 11, candidatesTokenCount: 8, thoughtsTokenCount: 3 } });
    const stream = await client.chat.completions.create({
      model: GEMINI_3,
      messages: [{ role: 'user', content: 'count' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const deltas: string[] = [];
    const chunks: OpenAI.ChatCompletionChunk[] = [];
    for await (const chunk of stream) {
      chunks.push(chunk);
      const text = chunk.choices[0]?.delta.content;
      if (text) deltas.push(text);
    }
    expect(deltas.length).toBeGreaterThan(2);
    expect(deltas.join('')).toBe('one two three four five six seven eight');
    expect(chunks.at(-2)?.choices[0]?.finish_reason).toBe('stop');
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { prompt_tokens: 11, completion_tokens: 11, completion_tokens_details: { reasoning_tokens: 3 } } });
    expectGenerateCall(lastGenerate(rig.fake), GEMINI_3, true);
  });

  it('runs a two-turn tool call on Gemini 3 and sends the thought signature back with its function call', async () => {
    const signature = 'c2lnbmF0dXJlLWZvci1nZXRfd2VhdGhlcg==';
    rig.fake.reply({ functionCalls: [{ name: 'get_weather', args: { city: 'Tokyo' }, thoughtSignature: signature }] });
    const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: 'Weather in Tokyo?' }];
    const first = await client.chat.completions.create({ model: GEMINI_3, messages, tools: [WEATHER_TOOL] });
    expect(first.choices[0]?.finish_reason).toBe('tool_calls');
    const call = first.choices[0]!.message.tool_calls![0]! as OpenAI.ChatCompletionMessageFunctionToolCall;
    expect(call).toMatchObject({ type: 'function', function: { name: 'get_weather' } });
    expect(JSON.parse(call.function.arguments)).toEqual({ city: 'Tokyo' });
    expect(lastGenerate(rig.fake).body.tools).toEqual([
      {
        functionDeclarations: [
          { name: 'get_weather', description: 'Current weather for a city', parameters: { type: 'OBJECT', properties: { city: { type: 'STRING' } }, required: ['city'] } },
        ],
      },
    ]);

    rig.fake.reply({ content: 'Sunny in Tokyo.' });
    messages.push(first.choices[0]!.message, { role: 'tool', tool_call_id: call.id, content: '{"temp":21}' });
    const second = await client.chat.completions.create({ model: GEMINI_3, messages, tools: [WEATHER_TOOL] });
    expect(second.choices[0]?.message.content).toBe('Sunny in Tokyo.');
    const request = lastGenerate(rig.fake);
    expect(request.body.contents).toEqual([
      { role: 'user', parts: [{ text: 'Weather in Tokyo?' }] },
      { role: 'model', parts: [{ functionCall: { name: 'get_weather', args: { city: 'Tokyo' } }, thoughtSignature: signature }] },
      { role: 'user', parts: [{ functionResponse: { name: 'get_weather', response: { output: '{"temp":21}' } } }] },
    ]);

    // The fake holds Gemini 3 to the rule: the same turn without the signature is the API's 400.
    const unsigned = structuredClone(request.body);
    delete unsigned.contents[1].parts[0].thoughtSignature;
    const rejected = await fetch(`${rig.fake.url}/v1beta/models/${GEMINI_3}:generateContent`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-goog-api-key': GEMINI_KEY },
      body: JSON.stringify(unsigned),
    });
    expect(rejected.status).toBe(400);
    expect(await rejected.text()).toContain('Function call is missing a thought_signature');
  });

  it('refuses a tool schema Gemini cannot take with a 400 naming the problem, without calling upstream', async () => {
    const before = generateCalls(rig.fake).length;
    const error = await client.chat.completions
      .create({
        model: GEMINI_3,
        messages: [{ role: 'user', content: 'x' }],
        tools: [{ type: 'function', function: { name: 'walk_tree', parameters: RECURSIVE_SCHEMA } }],
      })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error).toMatchObject({ status: 400, type: 'invalid_request_error', param: 'tools[0].function.parameters' });
    expect((error as Error).message).toMatch(RECURSIVE_SCHEMA_MESSAGE);
    expect(generateCalls(rig.fake).length).toBe(before);
  });

  it('sends a base64 PNG as inlineData with mimeType image/png', async () => {
    await client.chat.completions.create({
      model: GEMINI_3,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is this?' },
            { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG_BASE64}` } },
          ],
        },
      ],
    });
    expect(lastGenerate(rig.fake).body.contents[0].parts).toEqual([{ text: 'What is this?' }, { inlineData: { mimeType: 'image/png', data: PNG_BASE64 } }]);
  });

  it('asks for JSON output with responseMimeType application/json and the schema', async () => {
    const schema = { type: 'object', properties: { answer: { type: 'string' } }, required: ['answer'], additionalProperties: false };
    rig.fake.reply({ content: '{"answer":"yes"}' });
    const completion = await client.chat.completions.create({
      model: GEMINI_3,
      messages: [{ role: 'user', content: 'Answer in JSON' }],
      response_format: { type: 'json_schema', json_schema: { name: 'answer', schema, strict: true } },
    });
    expect(JSON.parse(completion.choices[0]!.message.content!)).toEqual({ answer: 'yes' });
    const config = lastGenerate(rig.fake).body.generationConfig;
    expect(config.responseMimeType).toBe('application/json');
    // The JSON Schema form of the field (responseJsonSchema) keeps the client's schema as written.
    expect(config.responseJsonSchema).toEqual(schema);

    await client.chat.completions.create({ model: GEMINI_3, messages: [{ role: 'user', content: 'JSON please' }], response_format: { type: 'json_object' } });
    expect(lastGenerate(rig.fake).body.generationConfig).toMatchObject({ responseMimeType: 'application/json' });
  });

  it('maps reasoning_effort to thinkingConfig and returns thought parts as reasoning_content', async () => {
    rig.fake.reply({ thoughts: 'The user greets me, so I greet back.', content: 'Hi!' });
    const completion = await client.chat.completions.create({ model: GEMINI_3, messages: [{ role: 'user', content: 'Hi' }], reasoning_effort: 'low' });
    const message = completion.choices[0]!.message as OpenAI.ChatCompletionMessage & { reasoning_content?: string };
    expect(message.content).toBe('Hi!');
    expect(message.reasoning_content).toBe('The user greets me, so I greet back.');
    expect(lastGenerate(rig.fake).body.generationConfig.thinkingConfig).toEqual({ includeThoughts: true, thinkingLevel: 'LOW' });

    rig.fake.reply({ thoughts: 'Thinking in two pieces here.', content: 'Done.' });
    const stream = await client.chat.completions.create({ model: GEMINI_25, messages: [{ role: 'user', content: 'Hi' }], reasoning_effort: 'medium', stream: true });
    let reasoning = '';
    let content = '';
    for await (const chunk of stream) {
      const delta = chunk.choices[0]?.delta as (OpenAI.ChatCompletionChunk.Choice.Delta & { reasoning_content?: string }) | undefined;
      reasoning += delta?.reasoning_content ?? '';
      content += delta?.content ?? '';
    }
    expect({ reasoning, content }).toEqual({ reasoning: 'Thinking in two pieces here.', content: 'Done.' });
    expect(lastGenerate(rig.fake).body.generationConfig.thinkingConfig).toEqual({ includeThoughts: true, thinkingBudget: 8192 });
  });

  it('turns SAFETY into content_filter: a finish after partial text, a clear 400 when nothing came', async () => {
    rig.fake.reply({ content: 'Partial answer', finishReason: 'SAFETY' });
    const partial = await client.chat.completions.create({ model: GEMINI_3, messages: [{ role: 'user', content: 'x' }] });
    expect(partial.choices[0]).toMatchObject({ finish_reason: 'content_filter', message: { content: 'Partial answer' } });

    rig.fake.reply({ content: '', finishReason: 'SAFETY', finishMessage: 'Blocked for safety.' });
    const error = await client.chat.completions.create({ model: GEMINI_3, messages: [{ role: 'user', content: 'x' }] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as Error).message).toMatch(/withheld the answer \(finish reason SAFETY\): Blocked for safety\./);

    rig.fake.reply({ content: 'Partial streamed answer', finishReason: 'SAFETY' });
    const partialStream = await client.chat.completions.create({ model: GEMINI_3, messages: [{ role: 'user', content: 'x' }], stream: true });
    const finishes: Array<string | null | undefined> = [];
    for await (const chunk of partialStream) finishes.push(chunk.choices[0]?.finish_reason);
    expect(finishes.at(-1)).toBe('content_filter');

    rig.fake.reply({ blockReason: 'PROHIBITED_CONTENT' });
    const blocked = await client.chat.completions.create({ model: GEMINI_3, messages: [{ role: 'user', content: 'x' }] }).catch((caught: unknown) => caught);
    expect(blocked).toMatchObject({ status: 400, message: expect.stringMatching(/blocked the prompt \(PROHIBITED_CONTENT\)/) });

    rig.fake.reply({ content: '', finishReason: 'SAFETY' });
    const stream = await client.chat.completions.create({ model: GEMINI_3, messages: [{ role: 'user', content: 'x' }], stream: true });
    await expect(
      (async () => {
        for await (const _chunk of stream) {
          // drain until the in-band error
        }
      })(),
    ).rejects.toThrow(/withheld the answer \(finish reason SAFETY\)/);
  });

  it('embeds one input through :embedContent and several through :batchEmbedContents', async () => {
    const one = await client.embeddings.create({ model: GEMINI_EMBEDDING, input: 'hello', dimensions: 8 });
    expect(embedCalls(rig.fake).at(-1)).toMatchObject({
      path: `/v1beta/models/${GEMINI_EMBEDDING}:embedContent`,
      headers: { 'x-goog-api-key': GEMINI_KEY },
      body: { content: { parts: [{ text: 'hello' }] }, outputDimensionality: 8 },
    });
    expect(one.data).toHaveLength(1);
    one.data[0]!.embedding.forEach((value, i) => expect(value).toBeCloseTo(fakeVector('hello', 8)[i]!, 5));

    const many = await client.embeddings.create({ model: GEMINI_EMBEDDING, input: ['a', 'b', 'c'], dimensions: 8, encoding_format: 'float' });
    const batch = embedCalls(rig.fake).at(-1)!;
    expect(batch.path).toBe(`/v1beta/models/${GEMINI_EMBEDDING}:batchEmbedContents`);
    expect(batch.body.requests).toHaveLength(3);
    expect(many.data.map((item) => item.embedding)).toEqual(['a', 'b', 'c'].map((text) => fakeVector(text, 8)));
  });
});
