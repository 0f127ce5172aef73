// ollama-js → Switchboard → Ollama upstream: the client's body goes through as sent (options, format, think,
// keep_alive, images, tools), only `model` and `stream` decided by routing; answers come back as Ollama wrote them.
import { Ollama, type Message } from 'ollama';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeEmbedding } from '../fakes/fake-ollama.js';
import { CITY_SCHEMA, lastRequest, PNG, startOllamaUpstream, WEATHER_SCHEMA, type OllamaUpstream } from './upstream-ollama-harness.js';

let upstream: OllamaUpstream;
/** The bodies ollama-js sent to the proxy, to compare with what reached the fake. */
const sent: Record<string, unknown>[] = [];
let ollama: Ollama;

beforeAll(async () => {
  upstream = await startOllamaUpstream();
  const recordingFetch: typeof fetch = async (input, init) => {
    if (typeof init?.body === 'string') sent.push(JSON.parse(init.body) as Record<string, unknown>);
    return fetch(input, init);
  };
  ollama = new Ollama({ host: upstream.proxy.url, fetch: recordingFetch });
});

afterAll(async () => {
  await upstream?.close();
});

const WEATHER_TOOL = { type: 'function', function: { name: 'get_weather', description: 'Weather in a city', parameters: WEATHER_SCHEMA } };

describe('ollama-js → Ollama upstream (native passthrough)', () => {
  it('passes options, format (JSON schema), think and keep_alive through untouched, and returns JSON output', async () => {
    upstream.fake.reply({ content: '{"city":"Paris","population":2100000}', thinking: 'Capital of France.' });
    const response = await ollama.chat({
      model: 'qwen3:8b',
      messages: [{ role: 'system', content: 'Answer in JSON.' }, { role: 'user', content: 'Largest French city?' }],
      format: CITY_SCHEMA,
      think: true,
      keep_alive: '10m',
      options: { temperature: 0.2, top_p: 0.9, top_k: 20, num_ctx: 8192, num_predict: 128, seed: 7, stop: ['</s>'], repeat_penalty: 1.1 },
    });
    const upstreamBody = lastRequest(upstream.fake).body;
    expect(upstreamBody).toEqual({ ...sent.at(-1), model: 'qwen3:8b', stream: false });
    expect(upstreamBody).toMatchObject({ format: CITY_SCHEMA, think: true, keep_alive: '10m', options: { num_ctx: 8192, num_predict: 128 } });
    expect(JSON.parse(response.message.content)).toEqual({ city: 'Paris', population: 2100000 });
    expect(response.message.thinking).toBe('Capital of France.');
    expect(response).toMatchObject({ done: true, done_reason: 'stop', prompt_eval_count: 10, eval_count: 5 });
  });

  it('sends the upstream id when the client used :latest or the ollama/ prefix, keeping the rest as sent', async () => {
    await ollama.chat({ model: 'ollama/llama3.2', messages: [{ role: 'user', content: 'Hi' }], keep_alive: 0, options: { num_ctx: 2048 } });
    expect(lastRequest(upstream.fake).body).toEqual({ ...sent.at(-1), model: 'llama3.2:latest', stream: false });
  });

  it('streams thinking before content, separately, and ends with the upstream counts', async () => {
    upstream.fake.reply({ thinking: 'Let me count the letters.', content: 'There are three.', evalCount: 42, promptEvalCount: 12 });
    const stream = await ollama.chat({ model: 'qwen3:8b', messages: [{ role: 'user', content: 'r in strawberry?' }], think: true, stream: true });
    let thinking = '';
    let content = '';
    let final: { done_reason?: string; eval_count?: number; prompt_eval_count?: number } = {};
    let sawContentBeforeThinkingEnded = false;
    for await (const part of stream) {
      if (part.message.thinking && content !== '') sawContentBeforeThinkingEnded = true;
      thinking += part.message.thinking ?? '';
      content += part.message.content;
      if (part.done) final = part;
    }
    expect({ thinking, content, sawContentBeforeThinkingEnded }).toEqual({ thinking: 'Let me count the letters.', content: 'There are three.', sawContentBeforeThinkingEnded: false });
    expect(final).toMatchObject({ done_reason: 'stop', eval_count: 42, prompt_eval_count: 12 });
    expect(lastRequest(upstream.fake).body).toMatchObject({ stream: true, think: true });
  });

  it('does a two-turn tool call: tools arrive as sent, the call comes back whole, the result goes back intact', async () => {
    upstream.fake.reply({ toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: { city: 'Paris' } }] });
    const messages: Message[] = [{ role: 'user', content: 'Weather in Paris?' }];
    const first = await ollama.chat({ model: 'llama3.2', messages, tools: [WEATHER_TOOL] });
    expect(lastRequest(upstream.fake).body.tools).toEqual([WEATHER_TOOL]);
    expect(first.message.tool_calls).toEqual([expect.objectContaining({ function: expect.objectContaining({ name: 'get_weather', arguments: { city: 'Paris' } }) })]);

    upstream.fake.reply({ content: 'It is sunny in Paris.' });
    messages.push(first.message, { role: 'tool', content: '{"sky":"sunny"}', tool_name: 'get_weather' });
    const stream = await ollama.chat({ model: 'llama3.2', messages, tools: [WEATHER_TOOL], stream: true });
    let content = '';
    for await (const part of stream) content += part.message.content;
    expect(content).toBe('It is sunny in Paris.');
    const second = lastRequest(upstream.fake).body;
    expect(second.messages).toEqual(sent.at(-1)!.messages);
    expect(second.messages[1].tool_calls[0].function).toMatchObject({ name: 'get_weather', arguments: { city: 'Paris' } });
    expect(second.messages[2]).toEqual({ role: 'tool', content: '{"sky":"sunny"}', tool_name: 'get_weather' });
  });

  it('passes images (base64 or bytes) through to a vision model', async () => {
    upstream.fake.reply({ content: 'A single pixel.' });
    const bytes = Buffer.from(PNG, 'base64');
    const response = await ollama.chat({
      model: 'llava:7b',
      messages: [
        { role: 'user', content: 'What is this?', images: [PNG] },
        { role: 'user', content: 'And this?', images: [new Uint8Array(bytes)] },
      ],
    });
    expect(response.message.content).toBe('A single pixel.');
    expect(lastRequest(upstream.fake).body.messages.map((message: { images: string[] }) => message.images)).toEqual([[PNG], [PNG]]);
  });

  it('passes /api/generate through too: system, images, format, options, raw prompt and suffix', async () => {
    upstream.fake.reply({ content: '  return a + b' });
    const response = await ollama.generate({
      model: 'qwen2.5-coder:1.5b', prompt: 'def add(a, b):\n', suffix: '\n\nprint(add(1, 2))', options: { temperature: 0, num_predict: 32 }, keep_alive: '1h',
    });
    expect(response.response).toBe('  return a + b');
    expect(lastRequest(upstream.fake, '/api/generate').body).toEqual({ ...sent.at(-1), model: 'qwen2.5-coder:1.5b', stream: false });

    await ollama.generate({ model: 'llava:7b', prompt: 'Describe', system: 'Be brief.', images: [PNG], format: 'json', stream: false });
    expect(lastRequest(upstream.fake, '/api/generate').body).toEqual({ ...sent.at(-1), model: 'llava:7b', stream: false });
  });

  it('embeds through /api/embed with the upstream vectors, in input order', async () => {
    const response = await ollama.embed({ model: 'nomic-embed-text', input: ['alpha', 'beta'] });
    expect(response.embeddings).toEqual([fakeEmbedding('alpha', 768), fakeEmbedding('beta', 768)]);
    expect(lastRequest(upstream.fake, '/api/embed').body).toMatchObject({ model: 'nomic-embed-text:latest', input: ['alpha', 'beta'] });
  });
});
