import { Ollama } from 'ollama';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeEmbedding, startFakeUpstream, type FakeUpstream } from '../fakes/fake-openai-compatible.js';
import { startProxy, type TestProxy } from './start-proxy.js';

const KEY = 'test-key';
let openai: FakeUpstream;
let deepseek: FakeUpstream;
let groq: FakeUpstream;
let proxy: TestProxy;
let ollama: Ollama;

beforeAll(async () => {
  [openai, deepseek, groq] = await Promise.all([startFakeUpstream('openai'), startFakeUpstream('deepseek'), startFakeUpstream('groq')]);
  proxy = await startProxy({
    OPENAI_API_KEY: KEY,
    OPENAI_BASE_URL: openai.url,
    DEEPSEEK_API_KEY: KEY,
    DEEPSEEK_BASE_URL: deepseek.url,
    GROQ_API_KEY: KEY,
    GROQ_BASE_URL: groq.url,
  });
  ollama = new Ollama({ host: proxy.url });
});

afterAll(async () => {
  await proxy?.close();
  await Promise.all([openai, deepseek, groq].map((fake) => fake?.close()));
});

describe('ollama-js → Switchboard → OpenAI-compatible upstreams', () => {
  it('answers the reachability checks real clients make', async () => {
    const root = await fetch(proxy.url);
    expect(await root.text()).toBe('Ollama is running');
    expect((await fetch(proxy.url, { method: 'HEAD' })).status).toBe(200);
    const { version } = await ollama.version();
    expect(version.split('.').map(Number)).toEqual([0, 13, 0]);
  });

  it('lists every model with an explicit tag, and each listed name shows and resolves with or without :latest', async () => {
    const { models } = await ollama.list();
    const names = models.map((model) => model.name);
    expect(names).toContain('gpt-4o:latest');
    expect(names.every((name) => name.includes(':'))).toBe(true);
    expect(models.every((model) => model.model === model.name)).toBe(true);
    const show = await ollama.show({ model: 'gpt-4o:latest' });
    expect(show.capabilities).toEqual(expect.arrayContaining(['completion', 'tools', 'vision']));
    const info = show.model_info as unknown as Record<string, unknown>;
    const arch = info['general.architecture'] as string;
    expect(info[`${arch}.context_length`]).toBe(128000);
    const legacy = await fetch(`${proxy.url}/api/show`, { method: 'POST', body: JSON.stringify({ name: 'gpt-4o' }) });
    expect(legacy.status).toBe(200);
  });

  it('chats without streaming and reports the upstream counts as prompt_eval_count and eval_count', async () => {
    openai.reply({ content: 'Hi!', usage: { prompt_tokens: 9, completion_tokens: 2 } });
    const response = await ollama.chat({ model: 'gpt-4o:latest', messages: [{ role: 'user', content: 'Hello' }], options: { temperature: 0.1, num_predict: 64 } });
    expect(response.message).toMatchObject({ role: 'assistant', content: 'Hi!' });
    expect(response).toMatchObject({ done: true, done_reason: 'stop', prompt_eval_count: 9, eval_count: 2 });
    expect(response.eval_duration).toBeGreaterThan(0);
    const sent = openai.requests.at(-1)!.body;
    expect(sent).toMatchObject({ model: 'gpt-4o', temperature: 0.1, max_completion_tokens: 64 });
  });

  it('streams DeepSeek reasoning as thinking, separate from content', async () => {
    deepseek.reply({ reasoning: 'Let me think.', content: 'Forty-two.', usage: { prompt_tokens: 4, completion_tokens: 20, reasoning_tokens: 12 } });
    const stream = await ollama.chat({ model: 'deepseek-r1', messages: [{ role: 'user', content: 'meaning?' }], stream: true });
    let thinking = '';
    let content = '';
    let final: { eval_count?: number; prompt_eval_count?: number; done_reason?: string } = {};
    for await (const part of stream) {
      thinking += part.message.thinking ?? '';
      content += part.message.content;
      if (part.done) final = part;
    }
    expect(thinking).toBe('Let me think.');
    expect(content).toBe('Forty-two.');
    expect(final).toMatchObject({ eval_count: 20, prompt_eval_count: 4, done_reason: 'stop' });
  });

  it('returns tool calls with object arguments and sends tool results back upstream with matching ids', async () => {
    openai.reply({ toolCalls: [{ id: 'call_abc123', name: 'get_weather', arguments: '{"city":"Tokyo"}' }] });
    const tools = [{ type: 'function', function: { name: 'get_weather', description: 'weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }];
    const stream = await ollama.chat({ model: 'gpt-4o', messages: [{ role: 'user', content: 'weather in Tokyo?' }], tools, stream: true });
    const calls = [];
    for await (const part of stream) calls.push(...(part.message.tool_calls ?? []));
    expect(calls).toHaveLength(1);
    expect(calls[0]!.function).toMatchObject({ name: 'get_weather', arguments: { city: 'Tokyo' } });

    openai.reply({ content: 'It is sunny.' });
    const followUp = await ollama.chat({
      model: 'gpt-4o',
      messages: [
        { role: 'user', content: 'weather in Tokyo?' },
        { role: 'assistant', content: '', tool_calls: calls },
        { role: 'tool', content: '{"sky":"clear"}', tool_name: 'get_weather' },
      ],
      tools,
    });
    expect(followUp.message.content).toBe('It is sunny.');
    const sent = openai.requests.at(-1)!.body;
    expect(sent.messages[1].tool_calls[0]).toMatchObject({ id: 'call_abc123', function: { name: 'get_weather', arguments: '{"city":"Tokyo"}' } });
    expect(sent.messages[2]).toMatchObject({ role: 'tool', tool_call_id: 'call_abc123' });
  });

  it('streams /api/generate with response chunks and reads Groq x_groq usage', async () => {
    groq.reply({ content: 'Once upon a time', usage: { prompt_tokens: 6, completion_tokens: 4 } });
    const stream = await ollama.generate({ model: 'llama-3.3-70b-versatile', prompt: 'Tell a story', system: 'Be brief', stream: true });
    let text = '';
    let evalCount: number | undefined;
    for await (const part of stream) {
      text += part.response;
      if (part.done) evalCount = part.eval_count;
    }
    expect(text).toBe('Once upon a time');
    expect(evalCount).toBe(4);
    expect(groq.requests.at(-1)!.body.messages[0]).toEqual({ role: 'system', content: 'Be brief' });
  });

  it('sends images to the upstream as data URLs with the sniffed media type', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]).toString('base64');
    openai.reply({ content: 'a pixel' });
    await ollama.chat({ model: 'gpt-4o', messages: [{ role: 'user', content: 'what is this?', images: [png] }] });
    const content = openai.requests.at(-1)!.body.messages[0].content;
    expect(content).toContainEqual({ type: 'image_url', image_url: { url: `data:image/png;base64,${png}` } });
    expect(content).toContainEqual({ type: 'text', text: 'what is this?' });
  });

  it('embeds through /api/embed and the legacy /api/embeddings', async () => {
    const { embeddings } = await ollama.embed({ model: 'text-embedding-3-small', input: ['alpha', 'beta'] });
    expect(embeddings).toEqual([fakeEmbedding('alpha'), fakeEmbedding('beta')]);
    const { embedding } = await ollama.embeddings({ model: 'text-embedding-3-small', prompt: 'alpha' });
    expect(embedding).toEqual(fakeEmbedding('alpha'));
  });

  it('reports errors in Ollama shape: unknown model 404, upstream failure before and during a stream', async () => {
    await expect(ollama.chat({ model: 'nope', messages: [{ role: 'user', content: 'x' }] })).rejects.toMatchObject({ status_code: 404 });
    openai.fail({ kind: 'status', status: 503 });
    await expect(ollama.chat({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] })).rejects.toMatchObject({ status_code: 503 });
    openai.fail({ kind: 'drop-mid-stream', afterChunks: 2 });
    const stream = await ollama.chat({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }], stream: true });
    await expect(
      (async () => {
        for await (const _part of stream) {
          // drain until the in-band error
        }
      })(),
    ).rejects.toThrow(/openai/);
  });

  it('answers model-management calls clearly', async () => {
    const pull = await ollama.pull({ model: 'gpt-4o' });
    expect(pull.status).toBe('success');
    const create = await fetch(`${proxy.url}/api/create`, { method: 'POST', body: '{"model":"x"}' });
    expect(create.status).toBe(501);
    expect(((await create.json()) as { error: string }).error).toMatch(/not supported/);
  });

  it('answers unknown paths in the dialect of their prefix', async () => {
    const ollamaStyle = await fetch(`${proxy.url}/api/nope`);
    expect(ollamaStyle.status).toBe(404);
    expect(((await ollamaStyle.json()) as { error: string }).error).toContain('/api/nope');
    const openaiStyle = await fetch(`${proxy.url}/v1/nope`);
    expect(openaiStyle.status).toBe(404);
    expect(((await openaiStyle.json()) as { error: { message: string } }).error.message).toBe('Unknown endpoint');
  });
});
