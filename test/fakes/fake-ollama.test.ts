// Validates the fake Ollama server with the official `ollama` client: if ollama-js accepts its answers and
// throws on its errors as on a real server, tests built on the fake exercise the real wire format.
import { Ollama } from 'ollama';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeOllama, type FakeOllama } from './fake-ollama.js';

const fakes: FakeOllama[] = [];
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((fake) => fake.close()));
});

async function setup(options: Parameters<typeof startFakeOllama>[0] = {}) {
  const fake = await startFakeOllama(options);
  fakes.push(fake);
  return { fake, ollama: new Ollama({ host: fake.url }) };
}

const weatherTool = {
  type: 'function',
  function: { name: 'get_weather', description: 'Weather in a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
};

describe('fake Ollama, as the official ollama client sees it', () => {
  it('answers the root, version, ps, and lists models with tags, digests and details', async () => {
    const { fake, ollama } = await setup();
    expect(await (await fetch(fake.url)).text()).toBe('Ollama is running');
    expect(await ollama.version()).toEqual({ version: '0.13.0' });
    expect(await ollama.ps()).toEqual({ models: [] });
    const { models } = await ollama.list();
    expect(models.map((model) => model.name)).toEqual([
      'llama3.2:latest', 'qwen3:8b', 'gpt-oss:20b', 'llava:7b', 'qwen2.5-coder:1.5b', 'nomic-embed-text:latest',
    ]);
    const llama = models[0]!;
    expect(llama.model).toBe(llama.name);
    expect(llama.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(llama.details).toEqual({ parent_model: '', format: 'gguf', family: 'llama', families: ['llama'], parameter_size: '3.2B', quantization_level: 'Q4_K_M' });
    fake.setModels([{ name: 'phi4:14b', architecture: 'phi3', parameterSize: '14.7B', quantization: 'Q4_K_M', capabilities: ['completion'] }]);
    expect((await ollama.list()).models.map((model) => model.name)).toEqual(['phi4:14b']);
  });

  it('shows a model with model_info and capabilities, with or without the :latest tag', async () => {
    const { ollama } = await setup();
    const show = await ollama.show({ model: 'llama3.2' });
    expect(show.capabilities).toEqual(['completion', 'tools']);
    expect(show.details).toMatchObject({ family: 'llama', parameter_size: '3.2B', quantization_level: 'Q4_K_M' });
    expect(show.model_info).toMatchObject({ 'general.architecture': 'llama', 'llama.context_length': 131072, 'llama.embedding_length': 3072 });
    expect(show.parameters).toContain('stop');
    const embedder = await ollama.show({ model: 'nomic-embed-text:latest' });
    expect(embedder.capabilities).toEqual(['embedding']);
    await expect(ollama.show({ model: 'nope' })).rejects.toMatchObject({ name: 'ResponseError', status_code: 404, error: "model 'nope' not found" });
  });

  it('chats without streaming, echoing the model name and reporting counts and durations', async () => {
    const { fake, ollama } = await setup();
    fake.reply({ content: 'Hi there!', thinking: 'Greet back.', evalCount: 3, promptEvalCount: 12 });
    const response = await ollama.chat({ model: 'qwen3:8b', messages: [{ role: 'user', content: 'Hello' }], options: { temperature: 0.2 } });
    expect(response).toMatchObject({
      model: 'qwen3:8b',
      message: { role: 'assistant', content: 'Hi there!', thinking: 'Greet back.' },
      done: true,
      done_reason: 'stop',
      prompt_eval_count: 12,
      eval_count: 3,
    });
    expect(response.eval_duration).toBeGreaterThan(0);
    // ollama-js types it as a Date but hands over the JSON string.
    expect(String(response.created_at)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/);
    expect(fake.requests[0]).toMatchObject({ method: 'POST', path: '/api/chat', body: { model: 'qwen3:8b', stream: false, options: { temperature: 0.2 } } });
  });

  it('streams thinking, then content, then a done object', async () => {
    const { fake, ollama } = await setup();
    fake.reply({ thinking: 'Let me think about it.', content: 'The answer is 42.' });
    const parts = [];
    for await (const part of await ollama.chat({ model: 'qwen3:8b', messages: [{ role: 'user', content: 'Why?' }], stream: true, think: true })) parts.push(part);
    expect(parts.map((part) => part.message.thinking ?? '').join('')).toBe('Let me think about it.');
    expect(parts.map((part) => part.message.content).join('')).toBe('The answer is 42.');
    expect(parts.length).toBeGreaterThan(3);
    expect(parts.at(-1)).toMatchObject({ done: true, done_reason: 'stop', eval_count: 5, prompt_eval_count: 10 });
    expect(parts.slice(0, -1).every((part) => part.done === false)).toBe(true);
  });

  it('returns tool calls with object arguments and ids, and takes the tool result back', async () => {
    const { fake, ollama } = await setup();
    fake.reply({ toolCalls: [{ name: 'get_weather', arguments: { city: 'Tokyo' } }] });
    const first = await ollama.chat({ model: 'llama3.2', messages: [{ role: 'user', content: 'Weather in Tokyo?' }], tools: [weatherTool] });
    const calls = first.message.tool_calls ?? [];
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ id: expect.stringMatching(/^call_[a-z0-9]{8}$/), function: { index: 0, name: 'get_weather', arguments: { city: 'Tokyo' } } });
    expect(first.done_reason).toBe('stop');

    fake.reply({ content: 'It is 11 degrees.' });
    const second = await ollama.chat({
      model: 'llama3.2',
      messages: [
        { role: 'user', content: 'Weather in Tokyo?' },
        first.message,
        { role: 'tool', content: '11 degrees', tool_name: 'get_weather' },
      ],
      tools: [weatherTool],
    });
    expect(second.message.content).toBe('It is 11 degrees.');
    expect(fake.requests[1]?.body.messages[1].tool_calls[0].function.arguments).toEqual({ city: 'Tokyo' });
  });

  it('embeds a list of inputs as unit vectors, and a single prompt through the legacy endpoint', async () => {
    const { ollama } = await setup();
    const response = await ollama.embed({ model: 'nomic-embed-text', input: ['alpha', 'beta gamma'] });
    expect(response.model).toBe('nomic-embed-text');
    expect(response.embeddings).toHaveLength(2);
    expect(response.embeddings[0]).toHaveLength(768);
    expect(Math.hypot(...response.embeddings[0]!)).toBeCloseTo(1, 6);
    expect(response.prompt_eval_count).toBe(5);
    expect((await ollama.embed({ model: 'nomic-embed-text', input: 'x', dimensions: 64 })).embeddings[0]).toHaveLength(64);
    expect((await ollama.embeddings({ model: 'nomic-embed-text', prompt: 'alpha' })).embedding).toHaveLength(768);
    await expect(ollama.embed({ model: 'llama3.2', input: 'x' })).rejects.toMatchObject({ status_code: 400 });
  });

  it('generates, streaming and not, with the context array and FIM for insert-capable models', async () => {
    const { fake, ollama } = await setup();
    fake.reply({ content: 'Once upon a time.' });
    const whole = await ollama.generate({ model: 'llama3.2', prompt: 'Tell a story' });
    expect(whole).toMatchObject({ response: 'Once upon a time.', done: true, done_reason: 'stop' });
    expect(whole.context.length).toBeGreaterThan(0);
    const pieces = [];
    for await (const part of await ollama.generate({ model: 'qwen2.5-coder:1.5b', prompt: 'def f(', suffix: '  return x', raw: true, stream: true })) pieces.push(part);
    expect(pieces.map((part) => part.response).join('')).toBe('Hello from ollama');
    expect(pieces.at(-1)).toMatchObject({ done: true });
    expect(pieces.at(-1)?.context).toBeUndefined();
    await expect(ollama.generate({ model: 'llama3.2', prompt: 'def f(', suffix: 'x' })).rejects.toMatchObject({
      status_code: 400,
      error: 'registry.ollama.ai/library/llama3.2:latest does not support insert',
    });
  });

  it('rejects what real Ollama rejects, with its statuses and messages', async () => {
    const { fake, ollama } = await setup();
    await expect(ollama.chat({ model: 'nope', messages: [{ role: 'user', content: 'x' }] })).rejects.toMatchObject({ status_code: 404, error: "model 'nope' not found" });
    await expect(ollama.chat({ model: 'llava:7b', messages: [{ role: 'user', content: 'x' }], tools: [weatherTool] })).rejects.toMatchObject({
      status_code: 400,
      error: 'registry.ollama.ai/library/llava:7b does not support tools',
    });
    await expect(ollama.chat({ model: 'llama3.2', messages: [{ role: 'user', content: 'x' }], think: true })).rejects.toMatchObject({
      status_code: 400,
      error: '"llama3.2" does not support thinking',
    });
    const post = (body: unknown) => fetch(`${fake.url}/api/chat`, { method: 'POST', body: JSON.stringify(body) }).then(async (r) => [r.status, await r.json()]);
    const stringArgs = { role: 'assistant', content: '', tool_calls: [{ function: { name: 'get_weather', arguments: '{"city":"Tokyo"}' } }] };
    expect(await post({ model: 'llama3.2', messages: [stringArgs] })).toEqual([
      400,
      { error: 'json: cannot unmarshal string into Go struct field ChatRequest.messages.tool_calls.function.arguments of type api.ToolCallFunctionArguments' },
    ]);
    expect(await post({ model: 'llava:7b', messages: [{ role: 'user', content: 'x', images: ['data:image/png;base64,iVBORw0KGgo='] }] })).toEqual([
      400,
      { error: 'illegal base64 data at input byte 4' },
    ]);
    expect(await post({ messages: [] })).toEqual([400, { error: 'model is required' }]);
    expect(await post({ model: 'llama3.2', messages: [], options: { stop: 'x' } })).toEqual([400, { error: 'option "stop" must be of type array' }]);
    expect(await post({ model: 'llama3.2', messages: [], think: 'extreme' })).toMatchObject([400, { error: expect.stringContaining('invalid think value') }]);
    const load = await ollama.chat({ model: 'llama3.2', messages: [] });
    expect(load).toMatchObject({ done: true, done_reason: 'load', message: { role: 'assistant', content: '' } });
  });

  it('fails on demand: a status, an error line mid-stream, a dropped stream', async () => {
    const { fake, ollama } = await setup();
    fake.fail({ kind: 'status', status: 500, error: 'llama runner process has terminated' });
    await expect(ollama.chat({ model: 'llama3.2', messages: [{ role: 'user', content: 'x' }] })).rejects.toMatchObject({
      status_code: 500,
      error: 'llama runner process has terminated',
    });

    fake.reply({ content: 'partial answer here' });
    fake.fail({ kind: 'error-line', afterChunks: 2, message: 'model runner crashed' });
    const seen: string[] = [];
    const failing = async () => {
      for await (const part of await ollama.chat({ model: 'llama3.2', messages: [{ role: 'user', content: 'x' }], stream: true })) seen.push(part.message.content);
    };
    await expect(failing()).rejects.toThrow('model runner crashed');
    expect(seen).toHaveLength(2);

    fake.fail({ kind: 'drop-mid-stream', afterChunks: 1 });
    const dropped = async () => {
      for await (const _part of await ollama.chat({ model: 'llama3.2', messages: [{ role: 'user', content: 'x' }], stream: true })) {
        // consume
      }
    };
    await expect(dropped()).rejects.toThrow();
  });

  it('requires the bearer key when configured, as ollama.com or an auth proxy does', async () => {
    const { fake, ollama } = await setup({ apiKey: 'secret' });
    await expect(ollama.list()).rejects.toMatchObject({ status_code: 401, error: 'unauthorized' });
    const authed = new Ollama({ host: fake.url, headers: { Authorization: 'Bearer secret' } });
    expect((await authed.list()).models.length).toBeGreaterThan(0);
  });

  it('notices a client that aborts a stream', async () => {
    const { fake, ollama } = await setup();
    fake.fail({ kind: 'stall', afterChunks: 1 });
    const stream = await ollama.chat({ model: 'llama3.2', messages: [{ role: 'user', content: 'x' }], stream: true });
    const iterator = stream[Symbol.asyncIterator]();
    await iterator.next();
    stream.abort();
    await fake.clientAborted();
  });
});
