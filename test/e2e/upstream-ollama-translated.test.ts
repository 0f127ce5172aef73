// openai SDK and @anthropic-ai/sdk → Switchboard → Ollama upstream: each surface's parameters become Ollama's own
// (max_tokens → num_predict, response_format / output_config → format, tools, data URLs → images, reasoning → think)
// and Ollama's answers come back in the client's dialect.
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CITY_SCHEMA, lastRequest, PNG, startOllamaUpstream, WEATHER_SCHEMA, type OllamaUpstream } from './upstream-ollama-harness.js';

let upstream: OllamaUpstream;
let openai: OpenAI;
let anthropic: Anthropic;

beforeAll(async () => {
  upstream = await startOllamaUpstream();
  openai = new OpenAI({ baseURL: `${upstream.proxy.url}/v1`, apiKey: 'e2e', maxRetries: 0 });
  anthropic = new Anthropic({ baseURL: upstream.proxy.url, apiKey: 'e2e', maxRetries: 0 });
});

afterAll(async () => {
  await upstream?.close();
});

type ReasoningDelta = { reasoning_content?: string };

describe('openai SDK → Ollama upstream', () => {
  it('translates sampling, max_tokens and a JSON-schema response_format into options and format', async () => {
    upstream.fake.reply({ content: '{"city":"Paris","population":2100000}', promptEvalCount: 21, evalCount: 9 });
    const completion = await openai.chat.completions.create({
      model: 'llama3.2',
      messages: [{ role: 'system', content: 'Answer in JSON.' }, { role: 'user', content: 'Largest French city?' }],
      max_tokens: 100,
      temperature: 0.3,
      top_p: 0.8,
      seed: 11,
      stop: ['END'],
      presence_penalty: 0.5,
      response_format: { type: 'json_schema', json_schema: { name: 'city', schema: CITY_SCHEMA, strict: true } },
    });
    expect(lastRequest(upstream.fake).body).toEqual({
      model: 'llama3.2:latest',
      messages: [{ role: 'system', content: 'Answer in JSON.' }, { role: 'user', content: 'Largest French city?' }],
      stream: false,
      format: CITY_SCHEMA,
      options: { temperature: 0.3, top_p: 0.8, seed: 11, stop: ['END'], num_predict: 100, presence_penalty: 0.5 },
    });
    expect(JSON.parse(completion.choices[0]!.message.content!)).toEqual({ city: 'Paris', population: 2100000 });
    expect(completion.choices[0]!.finish_reason).toBe('stop');
    expect(completion.usage).toMatchObject({ prompt_tokens: 21, completion_tokens: 9, total_tokens: 30 });
  });

  it('maps max_completion_tokens to num_predict and json_object to format "json"', async () => {
    upstream.fake.reply({ content: '{}' });
    await openai.chat.completions.create({ model: 'llama3.2', messages: [{ role: 'user', content: 'JSON please' }], max_completion_tokens: 64, response_format: { type: 'json_object' } });
    expect(lastRequest(upstream.fake).body).toMatchObject({ format: 'json', options: { num_predict: 64 } });
  });

  it('streams reasoning as reasoning_content, content separately, and usage last', async () => {
    upstream.fake.reply({ thinking: 'Counting r letters.', content: 'Three.', promptEvalCount: 8, evalCount: 30 });
    const stream = await openai.chat.completions.create({
      model: 'qwen3:8b', messages: [{ role: 'user', content: 'r in strawberry?' }], reasoning_effort: 'high', stream: true, stream_options: { include_usage: true },
    });
    let reasoning = '';
    let content = '';
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      const delta = chunk.choices[0]?.delta;
      reasoning += (delta as ReasoningDelta | undefined)?.reasoning_content ?? '';
      content += delta?.content ?? '';
      if (chunk.usage) usage = chunk.usage;
    }
    expect({ reasoning, content }).toEqual({ reasoning: 'Counting r letters.', content: 'Three.' });
    expect(usage).toMatchObject({ prompt_tokens: 8, completion_tokens: 30 });
    // qwen3 takes think as a bool; gpt-oss takes a level.
    expect(lastRequest(upstream.fake).body).toMatchObject({ stream: true, think: true });
    upstream.fake.reply({ thinking: 'Quick.', content: 'Yes.' });
    const gptOss = await openai.chat.completions.create({ model: 'gpt-oss:20b', messages: [{ role: 'user', content: 'Sure?' }], reasoning_effort: 'low' });
    expect(lastRequest(upstream.fake).body.think).toBe('low');
    expect((gptOss.choices[0]!.message as ReasoningDelta).reasoning_content).toBe('Quick.');
  });

  it('does a two-turn tool call: tools translated, the call comes back with string arguments, the result goes back as a tool message', async () => {
    upstream.fake.reply({ toolCalls: [{ id: 'call_w1', name: 'get_weather', arguments: { city: 'Paris' } }] });
    const tools: OpenAI.ChatCompletionTool[] = [{ type: 'function', function: { name: 'get_weather', description: 'Weather in a city', parameters: WEATHER_SCHEMA } }];
    const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: 'Weather in Paris?' }];
    const first = await openai.chat.completions.create({ model: 'llama3.2', messages, tools });
    expect(lastRequest(upstream.fake).body.tools).toEqual([{ type: 'function', function: { name: 'get_weather', description: 'Weather in a city', parameters: WEATHER_SCHEMA } }]);
    const choice = first.choices[0]!;
    expect(choice.finish_reason).toBe('tool_calls');
    const call = choice.message.tool_calls![0]!;
    expect(call).toMatchObject({ id: 'call_w1', type: 'function', function: { name: 'get_weather' } });
    expect(call.type === 'function' && JSON.parse(call.function.arguments)).toEqual({ city: 'Paris' });

    upstream.fake.reply({ content: 'Sunny.' });
    messages.push(choice.message, { role: 'tool', tool_call_id: 'call_w1', content: '{"sky":"sunny"}' });
    const stream = await openai.chat.completions.create({ model: 'llama3.2', messages, tools, stream: true });
    let content = '';
    for await (const chunk of stream) content += chunk.choices[0]?.delta?.content ?? '';
    expect(content).toBe('Sunny.');
    const second = lastRequest(upstream.fake).body;
    expect(second.messages[1]).toMatchObject({ role: 'assistant', tool_calls: [{ id: 'call_w1', function: { name: 'get_weather', arguments: { city: 'Paris' } } }] });
    expect(second.messages[2]).toEqual({ role: 'tool', content: '{"sky":"sunny"}', tool_name: 'get_weather', tool_call_id: 'call_w1' });
  });

  it('turns an image data URL into a plain base64 image', async () => {
    upstream.fake.reply({ content: 'A pixel.' });
    const completion = await openai.chat.completions.create({
      model: 'llava:7b',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'What is this?' }, { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG}` } }] }],
    });
    expect(completion.choices[0]!.message.content).toBe('A pixel.');
    expect(lastRequest(upstream.fake).body.messages).toEqual([{ role: 'user', content: 'What is this?', images: [PNG] }]);
  });
});

describe('@anthropic-ai/sdk → Ollama upstream', () => {
  it('translates system, max_tokens, stop_sequences and output_config.format (this SDK has no sampling parameters)', async () => {
    upstream.fake.reply({ content: '{"city":"Lyon","population":520000}', promptEvalCount: 14, evalCount: 6 });
    const message = await anthropic.messages.create({
      model: 'llama3.2',
      system: 'Answer in JSON.',
      max_tokens: 200,
      stop_sequences: ['END'],
      output_config: { format: { type: 'json_schema', schema: CITY_SCHEMA } },
      messages: [{ role: 'user', content: 'Third French city?' }],
    });
    expect(lastRequest(upstream.fake).body).toMatchObject({
      model: 'llama3.2:latest',
      messages: [{ role: 'system', content: 'Answer in JSON.' }, { role: 'user', content: 'Third French city?' }],
      format: CITY_SCHEMA,
      options: { stop: ['END'], num_predict: 200 },
    });
    expect(message.content).toEqual([{ type: 'text', text: '{"city":"Lyon","population":520000}' }]);
    expect(message).toMatchObject({ stop_reason: 'end_turn', usage: { input_tokens: 14, output_tokens: 6 } });
  });

  it('streams thinking blocks before the text when thinking is enabled', async () => {
    upstream.fake.reply({ thinking: 'Weighing options.', content: 'Blue.' });
    const stream = anthropic.messages.stream({
      model: 'qwen3:8b', max_tokens: 2048, thinking: { type: 'enabled', budget_tokens: 1024 }, messages: [{ role: 'user', content: 'Favourite colour?' }],
    });
    const message = await stream.finalMessage();
    expect(message.content.map((block) => block.type)).toEqual(['thinking', 'text']);
    expect(message.content[0]).toMatchObject({ type: 'thinking', thinking: 'Weighing options.' });
    expect(message.content[1]).toMatchObject({ type: 'text', text: 'Blue.' });
    expect(lastRequest(upstream.fake).body).toMatchObject({ stream: true, think: true, options: { num_predict: 2048 } });
  });

  it('does a two-turn tool call with tool_use and tool_result', async () => {
    upstream.fake.reply({ toolCalls: [{ id: 'call_a1', name: 'get_weather', arguments: { city: 'Oslo' } }] });
    const tools: Anthropic.Tool[] = [{ name: 'get_weather', description: 'Weather in a city', input_schema: { type: 'object', properties: WEATHER_SCHEMA.properties, required: WEATHER_SCHEMA.required } }];
    const first = await anthropic.messages.create({ model: 'llama3.2', max_tokens: 256, tools, messages: [{ role: 'user', content: 'Weather in Oslo?' }] });
    expect(first.stop_reason).toBe('tool_use');
    const toolUse = first.content.find((block) => block.type === 'tool_use')!;
    expect(toolUse).toMatchObject({ type: 'tool_use', name: 'get_weather', input: { city: 'Oslo' } });
    expect(lastRequest(upstream.fake).body.tools).toEqual([{ type: 'function', function: { name: 'get_weather', description: 'Weather in a city', parameters: tools[0]!.input_schema } }]);

    upstream.fake.reply({ content: 'Snowing in Oslo.' });
    const second = await anthropic.messages.create({
      model: 'llama3.2',
      max_tokens: 256,
      tools,
      messages: [
        { role: 'user', content: 'Weather in Oslo?' },
        { role: 'assistant', content: first.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: toolUse.type === 'tool_use' ? toolUse.id : '', content: 'snow' }] },
      ],
    });
    expect(second.content).toEqual([{ type: 'text', text: 'Snowing in Oslo.' }]);
    const messages = lastRequest(upstream.fake).body.messages;
    expect(messages[1]).toMatchObject({ role: 'assistant', tool_calls: [{ function: { name: 'get_weather', arguments: { city: 'Oslo' } } }] });
    expect(messages[2]).toMatchObject({ role: 'tool', content: 'snow', tool_name: 'get_weather' });
  });

  it('sends a base64 image block as an Ollama image', async () => {
    upstream.fake.reply({ content: 'Tiny.' });
    await anthropic.messages.create({
      model: 'llava:7b',
      max_tokens: 64,
      messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG } }, { type: 'text', text: 'Size?' }] }],
    });
    expect(lastRequest(upstream.fake).body.messages).toEqual([{ role: 'user', content: 'Size?', images: [PNG] }]);
  });
});
