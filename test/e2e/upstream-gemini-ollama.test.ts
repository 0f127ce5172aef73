import { Ollama, type Message, type Tool } from 'ollama';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeVector } from '../fakes/fake-gemini.js';
import {
  embedCalls, expectGenerateCall, GEMINI_25, GEMINI_3, GEMINI_EMBEDDING, GEMINI_KEY, generateCalls, lastGenerate, PNG_BASE64,
  RECURSIVE_SCHEMA, RECURSIVE_SCHEMA_MESSAGE, startGeminiRig, stopGeminiRig, WEATHER_SCHEMA, type GeminiRig,
} from './upstream-gemini-harness.js';

let rig: GeminiRig;
let ollama: Ollama;

beforeAll(async () => {
  rig = await startGeminiRig();
  ollama = new Ollama({ host: rig.proxy.url });
});

afterAll(() => stopGeminiRig(rig));

const WEATHER_TOOL = { type: 'function', function: { name: 'get_weather', description: 'Current weather for a city', parameters: WEATHER_SCHEMA } };
// ollama-js types a property as {type, items, description, enum}: a `$ref` property needs the cast.
const TREE_TOOL = { type: 'function', function: { name: 'walk_tree', parameters: RECURSIVE_SCHEMA } } as unknown as Tool;

describe('ollama-js → Switchboard → Gemini', () => {
  it('chats non-stream: systemInstruction, user/model roles, prompt_eval_count and eval_count with thoughts', async () => {
    rig.fake.reply({ content: 'Hello there', usage: { promptTokenCount: 20, candidatesTokenCount: 2, thoughtsTokenCount: 5, cachedContentTokenCount: 8 } });
    const response = await ollama.chat({
      model: GEMINI_25,
      messages: [
        { role: 'system', content: 'Be terse.' },
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'Hello.' },
        { role: 'user', content: 'Again' },
      ],
    });
    expect(response).toMatchObject({ message: { role: 'assistant', content: 'Hello there' }, done: true, done_reason: 'stop', prompt_eval_count: 20, eval_count: 7 });
    const body = expectGenerateCall(lastGenerate(rig.fake), GEMINI_25, false);
    expect(body.systemInstruction).toEqual({ parts: [{ text: 'Be terse.' }] });
    expect(body.contents.map((content: { role: string }) => content.role)).toEqual(['user', 'model', 'user']);
  });

  it('streams text as several parts and reports the last usageMetadata, not a sum', async () => {
    rig.fake.reply({ content: 'one two three four five six seven eight', usage: { promptTokenCount: 11, candidatesTokenCount: 8, thoughtsTokenCount: 3 } });
    const stream = await ollama.chat({ model: GEMINI_3, messages: [{ role: 'user', content: 'count' }], stream: true });
    const texts: string[] = [];
    let last;
    for await (const part of stream) {
      if (part.message.content) texts.push(part.message.content);
      last = part;
    }
    expect(texts.length).toBeGreaterThan(2);
    expect(texts.join('')).toBe('one two three four five six seven eight');
    expect(last).toMatchObject({ done: true, done_reason: 'stop', prompt_eval_count: 11, eval_count: 11 });
    expectGenerateCall(lastGenerate(rig.fake), GEMINI_3, true);
  });

  it('runs a two-turn tool call on Gemini 3, streamed, and sends the thought signature back with its function call', async () => {
    const signature = 'b2xsYW1hLXNpZ25hdHVyZS1nZXRfd2VhdGhlcg==';
    rig.fake.reply({ functionCalls: [{ name: 'get_weather', args: { city: 'Oslo' }, thoughtSignature: signature }] });
    const messages: Message[] = [{ role: 'user', content: 'Weather in Oslo?' }];
    const stream = await ollama.chat({ model: GEMINI_3, messages, tools: [WEATHER_TOOL], stream: true });
    const calls = [];
    for await (const part of stream) calls.push(...(part.message.tool_calls ?? []));
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ function: { name: 'get_weather', arguments: { city: 'Oslo' } } });
    expect(lastGenerate(rig.fake).body.tools[0].functionDeclarations[0]).toMatchObject({ name: 'get_weather', parameters: { type: 'OBJECT' } });

    // Ollama clients send calls back without ids and results by tool name: the signature is found by name + arguments.
    rig.fake.reply({ content: 'Cold in Oslo.' });
    messages.push({ role: 'assistant', content: '', tool_calls: [{ function: { name: 'get_weather', arguments: { city: 'Oslo' } } }] });
    messages.push({ role: 'tool', content: '{"temp":-3}', tool_name: 'get_weather' });
    const second = await ollama.chat({ model: GEMINI_3, messages, tools: [WEATHER_TOOL] });
    expect(second.message.content).toBe('Cold in Oslo.');
    expect(lastGenerate(rig.fake).body.contents.slice(1)).toEqual([
      { role: 'model', parts: [{ functionCall: { name: 'get_weather', args: { city: 'Oslo' } }, thoughtSignature: signature }] },
      { role: 'user', parts: [{ functionResponse: { name: 'get_weather', response: { output: '{"temp":-3}' } } }] },
    ]);
  });

  it('refuses a tool schema Gemini cannot take with a 400 naming the problem, without calling upstream', async () => {
    const before = generateCalls(rig.fake).length;
    const error = await ollama
      .chat({ model: GEMINI_3, messages: [{ role: 'user', content: 'x' }], tools: [TREE_TOOL] })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: 'ResponseError', status_code: 400 });
    expect((error as Error).message).toMatch(RECURSIVE_SCHEMA_MESSAGE);
    expect(generateCalls(rig.fake).length).toBe(before);
  });

  it('sends images as inlineData with the sniffed mimeType image/png, ahead of the text', async () => {
    await ollama.chat({ model: GEMINI_3, messages: [{ role: 'user', content: 'What is this?', images: [PNG_BASE64] }] });
    expect(lastGenerate(rig.fake).body.contents[0].parts).toEqual([{ inlineData: { mimeType: 'image/png', data: PNG_BASE64 } }, { text: 'What is this?' }]);
  });

  it('turns format (a JSON schema, or "json") into responseMimeType application/json with the schema', async () => {
    const schema = { type: 'object', properties: { answer: { type: 'string' } }, required: ['answer'] };
    rig.fake.reply({ content: '{"answer":"yes"}' });
    const response = await ollama.chat({ model: GEMINI_3, messages: [{ role: 'user', content: 'JSON' }], format: schema });
    expect(JSON.parse(response.message.content)).toEqual({ answer: 'yes' });
    expect(lastGenerate(rig.fake).body.generationConfig).toMatchObject({ responseMimeType: 'application/json', responseJsonSchema: schema });

    await ollama.chat({ model: GEMINI_3, messages: [{ role: 'user', content: 'JSON' }], format: 'json' });
    expect(lastGenerate(rig.fake).body.generationConfig.responseMimeType).toBe('application/json');
  });

  it('maps think to thinkingConfig and returns thought parts as message.thinking', async () => {
    rig.fake.reply({ thoughts: 'The user greets me, so I greet back.', content: 'Hi!' });
    const response = await ollama.chat({ model: GEMINI_3, messages: [{ role: 'user', content: 'Hi' }], think: 'low' });
    expect(response.message).toMatchObject({ content: 'Hi!', thinking: 'The user greets me, so I greet back.' });
    expect(lastGenerate(rig.fake).body.generationConfig.thinkingConfig).toEqual({ includeThoughts: true, thinkingLevel: 'LOW' });

    rig.fake.reply({ thoughts: 'Thinking in two pieces here.', content: 'Done.' });
    const stream = await ollama.chat({ model: GEMINI_25, messages: [{ role: 'user', content: 'Hi' }], think: true, stream: true });
    let thinking = '';
    let content = '';
    for await (const part of stream) {
      thinking += part.message.thinking ?? '';
      content += part.message.content;
    }
    expect({ thinking, content }).toEqual({ thinking: 'Thinking in two pieces here.', content: 'Done.' });
    expect(lastGenerate(rig.fake).body.generationConfig.thinkingConfig).toEqual({ includeThoughts: true });

    await ollama.chat({ model: GEMINI_25, messages: [{ role: 'user', content: 'Hi' }], think: false });
    expect(lastGenerate(rig.fake).body.generationConfig.thinkingConfig).toEqual({ thinkingBudget: 0 });
  });

  it('turns SAFETY with nothing generated into a 400 that says so, and ends with stop after partial text', async () => {
    rig.fake.reply({ content: '', finishReason: 'SAFETY', finishMessage: 'Blocked for safety.' });
    const error = await ollama.chat({ model: GEMINI_3, messages: [{ role: 'user', content: 'x' }] }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status_code: 400 });
    expect((error as Error).message).toMatch(/withheld the answer \(finish reason SAFETY\): Blocked for safety\./);

    // Ollama has no content-filter done_reason: partial text ends as `stop`, as Ollama itself would.
    rig.fake.reply({ content: 'Partial answer', finishReason: 'SAFETY' });
    const partial = await ollama.chat({ model: GEMINI_3, messages: [{ role: 'user', content: 'x' }] });
    expect(partial).toMatchObject({ message: { content: 'Partial answer' }, done_reason: 'stop' });
  });

  it('embeds through /api/embed (:embedContent for one input, :batchEmbedContents for several) and /api/embeddings', async () => {
    const one = await ollama.embed({ model: GEMINI_EMBEDDING, input: 'hello', dimensions: 8 });
    expect(embedCalls(rig.fake).at(-1)).toMatchObject({
      path: `/v1beta/models/${GEMINI_EMBEDDING}:embedContent`,
      headers: { 'x-goog-api-key': GEMINI_KEY },
      body: { content: { parts: [{ text: 'hello' }] }, outputDimensionality: 8 },
    });
    expect(one.embeddings).toEqual([fakeVector('hello', 8)]);

    const many = await ollama.embed({ model: GEMINI_EMBEDDING, input: ['a', 'b', 'c'], dimensions: 8 });
    expect(embedCalls(rig.fake).at(-1)!.path).toBe(`/v1beta/models/${GEMINI_EMBEDDING}:batchEmbedContents`);
    expect(many.embeddings).toEqual(['a', 'b', 'c'].map((text) => fakeVector(text, 8)));

    const legacy = await ollama.embeddings({ model: GEMINI_EMBEDDING, prompt: 'hello' });
    expect(embedCalls(rig.fake).at(-1)!.path).toBe(`/v1beta/models/${GEMINI_EMBEDDING}:embedContent`);
    expect(legacy.embedding).toHaveLength(3072);
  });
});
