import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeOllamaResponse } from './decode-ollama-response.js';
import type { OllamaWireChunk } from './ollama-wire.js';

const fixture = (name: string): OllamaWireChunk => JSON.parse(readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8')) as OllamaWireChunk;

describe('decodeOllamaResponse', () => {
  it('decodes a chat answer with tool calls from a server that sends no ids (ids are made, arguments become JSON text)', () => {
    const response = decodeOllamaResponse(fixture('ollama-chat-tool-no-id.json'), 'llama3.2:latest', 'ollama');
    expect(response).toEqual({
      id: expect.stringMatching(/^chatcmpl-/),
      model: 'llama3.2',
      created: Math.floor(Date.parse('2025-07-07T20:22:19.184789Z') / 1000),
      content: '',
      toolCalls: [
        { id: expect.stringMatching(/^call_[a-z0-9]{8}$/), name: 'get_weather', argumentsJson: '{"city":"Paris"}' },
        { id: expect.stringMatching(/^call_[a-z0-9]{8}$/), name: 'get_time', argumentsJson: '{}' },
      ],
      finishReason: { unified: 'tool-calls', raw: 'stop' },
      usage: { inputTokens: 210, outputTokens: 41 },
    });
  });

  it('keeps thinking as reasoning, ids that Ollama sent, and a length finish', () => {
    const response = decodeOllamaResponse(
      {
        model: 'qwen3:8b',
        created_at: '2026-08-01T10:00:00.5Z',
        message: { role: 'assistant', content: 'Four', thinking: '2+2', tool_calls: [{ id: 'call_abcdefgh', function: { index: 0, name: 'f', arguments: { a: 1 } } }] },
        done: true,
        done_reason: 'length',
        eval_count: 9,
      },
      'qwen3:8b',
      'ollama',
    );
    expect(response).toMatchObject({
      content: 'Four',
      reasoning: '2+2',
      toolCalls: [{ id: 'call_abcdefgh', name: 'f', argumentsJson: '{"a":1}' }],
      finishReason: { unified: 'length', raw: 'length' },
      usage: { outputTokens: 9 },
    });
  });

  it('decodes a generate answer (response and thinking at the top level)', () => {
    const response = decodeOllamaResponse(
      { model: 'm', response: 'Once upon a time', thinking: 'story', done: true, done_reason: 'stop', prompt_eval_count: 4, eval_count: 4 },
      'm',
      'ollama',
    );
    expect(response).toMatchObject({ content: 'Once upon a time', reasoning: 'story', toolCalls: [], finishReason: { unified: 'stop' }, usage: { inputTokens: 4, outputTokens: 4 } });
  });

  it('turns an {"error"} body into an upstream error', () => {
    expect(() => decodeOllamaResponse({ error: 'boom' }, 'm', 'ollama')).toThrow(expect.objectContaining({ code: 'upstream_error', message: 'ollama: boom' }));
  });
});
