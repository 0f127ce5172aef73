import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  expectGenerateCall, GEMINI_25, GEMINI_3, generateCalls, lastGenerate, PNG_BASE64, RECURSIVE_SCHEMA, RECURSIVE_SCHEMA_MESSAGE,
  startGeminiRig, stopGeminiRig, WEATHER_SCHEMA, type GeminiRig,
} from './upstream-gemini-harness.js';

let rig: GeminiRig;
let client: Anthropic;

beforeAll(async () => {
  rig = await startGeminiRig();
  client = new Anthropic({ baseURL: rig.proxy.url, apiKey: 'client-key-ignored', maxRetries: 0 });
});

afterAll(() => stopGeminiRig(rig));

const WEATHER_TOOL: Anthropic.Tool = { name: 'get_weather', description: 'Current weather for a city', input_schema: WEATHER_SCHEMA };

describe('@anthropic-ai/sdk → Switchboard → Gemini', () => {
  it('answers messages.create: systemInstruction, user/model roles, usage with cache reads apart and thoughts in output', async () => {
    rig.fake.reply({ content: 'Hello there', usage: { promptTokenCount: 20, candidatesTokenCount: 2, thoughtsTokenCount: 5, cachedContentTokenCount: 8 } });
    const message = await client.messages.create({
      model: GEMINI_25,
      max_tokens: 50,
      system: 'Be terse.',
      messages: [
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'Hello.' },
        { role: 'user', content: 'Again' },
      ],
    });
    expect(message).toMatchObject({
      role: 'assistant',
      content: [{ type: 'text', text: 'Hello there' }],
      stop_reason: 'end_turn',
      usage: { input_tokens: 12, cache_read_input_tokens: 8, output_tokens: 7 },
    });
    const body = expectGenerateCall(lastGenerate(rig.fake), GEMINI_25, false);
    expect(body.systemInstruction).toEqual({ parts: [{ text: 'Be terse.' }] });
    expect(body.contents.map((content: { role: string }) => content.role)).toEqual(['user', 'model', 'user']);
    expect(body.generationConfig.maxOutputTokens).toBe(50);
  });

  it('streams text events as they come and ends with the last usageMetadata, not a sum', async () => {
    rig.fake.reply({ content: 'one two three four five six seven eight', usage: { promptTokenCount: 11, candidatesTokenCount: 8, thoughtsTokenCount: 3 } });
    const stream = client.messages.stream({ model: GEMINI_3, max_tokens: 100, messages: [{ role: 'user', content: 'count' }] });
    const texts: string[] = [];
    stream.on('text', (text) => texts.push(text));
    const final = await stream.finalMessage();
    expect(texts.length).toBeGreaterThan(2);
    expect(final).toMatchObject({ content: [{ type: 'text', text: 'one two three four five six seven eight' }], stop_reason: 'end_turn', usage: { input_tokens: 11, output_tokens: 11 } });
    expectGenerateCall(lastGenerate(rig.fake), GEMINI_3, true);
  });

  it('runs a two-turn tool call on Gemini 3 and sends the thought signature back with its function call', async () => {
    const signature = 'YW50aHJvcGljLXNpZ25hdHVyZS1nZXRfd2VhdGhlcg==';
    rig.fake.reply({ functionCalls: [{ name: 'get_weather', args: { city: 'Lima' }, thoughtSignature: signature }] });
    const messages: Anthropic.MessageParam[] = [{ role: 'user', content: 'Weather in Lima?' }];
    const first = await client.messages.stream({ model: GEMINI_3, max_tokens: 200, tools: [WEATHER_TOOL], messages }).finalMessage();
    expect(first.stop_reason).toBe('tool_use');
    const toolUse = first.content.find((block): block is Anthropic.ToolUseBlock => block.type === 'tool_use')!;
    expect(toolUse).toMatchObject({ name: 'get_weather', input: { city: 'Lima' } });
    expect(lastGenerate(rig.fake).body.tools[0].functionDeclarations).toEqual([
      { name: 'get_weather', description: 'Current weather for a city', parameters: { type: 'OBJECT', properties: { city: { type: 'STRING' } }, required: ['city'] } },
    ]);

    rig.fake.reply({ content: 'Mild in Lima.' });
    messages.push({ role: 'assistant', content: first.content });
    messages.push({ role: 'user', content: [{ type: 'tool_result', tool_use_id: toolUse.id, content: '{"temp":18}' }] });
    const second = await client.messages.create({ model: GEMINI_3, max_tokens: 200, tools: [WEATHER_TOOL], messages });
    expect(second.content).toMatchObject([{ type: 'text', text: 'Mild in Lima.' }]);
    expect(lastGenerate(rig.fake).body.contents.slice(1)).toEqual([
      { role: 'model', parts: [{ functionCall: { name: 'get_weather', args: { city: 'Lima' } }, thoughtSignature: signature }] },
      { role: 'user', parts: [{ functionResponse: { name: 'get_weather', response: { output: '{"temp":18}' } } }] },
    ]);
  });

  it('refuses a tool schema Gemini cannot take with a 400 invalid_request_error naming the problem', async () => {
    const before = generateCalls(rig.fake).length;
    const error = await client.messages
      .create({
        model: GEMINI_3,
        max_tokens: 10,
        tools: [{ name: 'walk_tree', input_schema: RECURSIVE_SCHEMA }],
        messages: [{ role: 'user', content: 'x' }],
      })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
    expect(error).toMatchObject({ status: 400, type: 'invalid_request_error' });
    expect((error as Error).message).toMatch(RECURSIVE_SCHEMA_MESSAGE);
    expect(generateCalls(rig.fake).length).toBe(before);
  });

  it('sends a base64 image block as inlineData with mimeType image/png', async () => {
    await client.messages.create({
      model: GEMINI_3,
      max_tokens: 20,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG_BASE64 } },
            { type: 'text', text: 'What is this?' },
          ],
        },
      ],
    });
    expect(lastGenerate(rig.fake).body.contents[0].parts).toEqual([{ inlineData: { mimeType: 'image/png', data: PNG_BASE64 } }, { text: 'What is this?' }]);
  });

  it('turns output_config.format into responseMimeType application/json with the schema', async () => {
    const schema = { type: 'object', properties: { answer: { type: 'string' } }, required: ['answer'], additionalProperties: false };
    rig.fake.reply({ content: '{"answer":"yes"}' });
    const message = await client.messages.create({
      model: GEMINI_3,
      max_tokens: 50,
      messages: [{ role: 'user', content: 'JSON' }],
      output_config: { format: { type: 'json_schema', schema } },
    });
    expect(message.content[0]).toMatchObject({ type: 'text', text: '{"answer":"yes"}' });
    expect(lastGenerate(rig.fake).body.generationConfig).toMatchObject({ responseMimeType: 'application/json', responseJsonSchema: schema });
  });

  it('maps thinking to thinkingConfig and returns thought parts as a thinking block', async () => {
    rig.fake.reply({ thoughts: 'The user greets me, so I greet back.', content: 'Hi!' });
    const message = await client.messages.create({
      model: GEMINI_3,
      max_tokens: 4000,
      thinking: { type: 'enabled', budget_tokens: 2048 },
      messages: [{ role: 'user', content: 'Hi' }],
    });
    expect(message.content).toMatchObject([
      { type: 'thinking', thinking: 'The user greets me, so I greet back.' },
      { type: 'text', text: 'Hi!' },
    ]);
    expect(lastGenerate(rig.fake).body.generationConfig.thinkingConfig).toEqual({ includeThoughts: true, thinkingLevel: 'LOW' });

    rig.fake.reply({ thoughts: 'Thinking in two pieces here.', content: 'Done.' });
    const stream = client.messages.stream({
      model: GEMINI_25,
      max_tokens: 16000,
      thinking: { type: 'enabled', budget_tokens: 10000 },
      messages: [{ role: 'user', content: 'Hi' }],
    });
    const thinking: string[] = [];
    stream.on('thinking', (delta) => thinking.push(delta));
    const final = await stream.finalMessage();
    expect(thinking.join('')).toBe('Thinking in two pieces here.');
    expect(final.content).toMatchObject([{ type: 'thinking', thinking: 'Thinking in two pieces here.' }, { type: 'text', text: 'Done.' }]);
    expect(lastGenerate(rig.fake).body.generationConfig.thinkingConfig).toEqual({ includeThoughts: true, thinkingBudget: 8192 });
  });

  it('turns SAFETY into stop_reason refusal after partial text, and a clear 400 when nothing came', async () => {
    rig.fake.reply({ content: 'Partial answer', finishReason: 'SAFETY' });
    const partial = await client.messages.create({ model: GEMINI_3, max_tokens: 20, messages: [{ role: 'user', content: 'x' }] });
    expect(partial).toMatchObject({ stop_reason: 'refusal', content: [{ type: 'text', text: 'Partial answer' }] });

    rig.fake.reply({ content: '', finishReason: 'SAFETY', finishMessage: 'Blocked for safety.' });
    const error = await client.messages.create({ model: GEMINI_3, max_tokens: 20, messages: [{ role: 'user', content: 'x' }] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
    expect((error as Error).message).toMatch(/withheld the answer \(finish reason SAFETY\): Blocked for safety\./);

    rig.fake.reply({ content: '', finishReason: 'SAFETY' });
    const streamed = await client.messages
      .stream({ model: GEMINI_3, max_tokens: 20, messages: [{ role: 'user', content: 'x' }] })
      .finalMessage()
      .catch((caught: unknown) => caught);
    expect(streamed).toBeInstanceOf(Anthropic.APIError);
    expect((streamed as Error).message).toMatch(/withheld the answer \(finish reason SAFETY\)/);
  });
});
