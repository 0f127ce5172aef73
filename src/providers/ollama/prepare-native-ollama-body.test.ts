import { describe, expect, it } from 'vitest';
import { testModelSpec } from '../../../test/support/test-model-spec.js';
import { prepareNativeOllamaBody } from './prepare-native-ollama-body.js';

const model = testModelSpec({ provider: 'ollama', id: 'llava:7b' });
const PNG = 'iVBORw0KGgoAAAANSUhEUg==';

describe('prepareNativeOllamaBody', () => {
  it('keeps everything the client sent but the model (upstream id) and stream (the call)', () => {
    const body = {
      model: 'ollama/llava',
      messages: [{ role: 'user', content: 'What is this?', images: [PNG] }],
      options: { temperature: 0.1, num_ctx: 8192, mirostat: 2 },
      format: { type: 'object' },
      think: 'low',
      keep_alive: '10m',
      tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'object' } } }],
      logprobs: true,
      truncate: false,
    };
    const sent = prepareNativeOllamaBody({ dialect: 'ollama-chat', body }, model, false);
    expect(sent).toEqual({ ...body, model: 'llava:7b', stream: false });
    expect(body.model).toBe('ollama/llava');
  });

  it('keeps generate-only fields: raw, template, context, suffix, system, images', () => {
    const body = { model: 'coder', prompt: 'def f(', suffix: 'x', raw: true, images: [PNG], template: '{{ .Prompt }}', context: [1, 2, 3], system: 's' };
    expect(prepareNativeOllamaBody({ dialect: 'ollama-generate', body }, model, true)).toEqual({ ...body, model: 'llava:7b', stream: true });
  });

  it('undoes the leniencies real Ollama would reject: data: prefixes, string tool arguments, a single stop string', () => {
    const body = {
      model: 'x',
      messages: [
        { role: 'user', content: 'look', images: [`data:image/png;base64,${PNG}`, PNG] },
        { role: 'assistant', content: '', tool_calls: [{ id: 'call_1', function: { name: 'f', arguments: '{"a":1}' } }] },
        { role: 'tool', content: 'ok', tool_name: 'f' },
      ],
      options: { stop: 'END', temperature: 0 },
    };
    const sent = prepareNativeOllamaBody({ dialect: 'ollama-chat', body }, model, true);
    expect(sent.messages).toEqual([
      { role: 'user', content: 'look', images: [PNG, PNG] },
      { role: 'assistant', content: '', tool_calls: [{ id: 'call_1', function: { name: 'f', arguments: { a: 1 } } }] },
      { role: 'tool', content: 'ok', tool_name: 'f' },
    ]);
    expect(sent.options).toEqual({ stop: ['END'], temperature: 0 });
    expect(body.messages[0]?.images?.[0]).toMatch(/^data:/);
    expect(prepareNativeOllamaBody({ dialect: 'ollama-generate', body: { model: 'x', prompt: 'p', images: [`data:image/png;base64,${PNG}`] } }, model, true).images).toEqual([PNG]);
  });

  it('leaves untouched messages as the same objects (no copy of large image payloads)', () => {
    const message = { role: 'user', content: 'x', images: [PNG] };
    const sent = prepareNativeOllamaBody({ dialect: 'ollama-chat', body: { model: 'x', messages: [message] } }, model, true);
    expect((sent.messages as unknown[])[0]).toBe(message);
  });
});
