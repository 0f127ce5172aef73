import { describe, expect, it } from 'vitest';
import type { ChatResponse } from '../../core/chat-response.js';
import { encodeOllamaChatResponse } from './encode-ollama-chat-response.js';
import { encodeOllamaGenerateResponse } from './encode-ollama-generate-response.js';

const response: ChatResponse = {
  id: 'r1',
  model: 'gpt-4o-2024-08-06',
  created: 1,
  content: 'It is sunny.',
  reasoning: 'Check the tool output.',
  toolCalls: [{ id: 'call_1', name: 'get_weather', argumentsJson: '{"city":"Tokyo"}' }],
  finishReason: { unified: 'tool-calls', raw: 'tool_calls' },
  usage: { inputTokens: 20, outputTokens: 8 },
};
const options = {
  model: 'gpt-4o',
  dropReasoning: false,
  timing: { startNs: 1_000n, endNs: 5_000_001_000n },
  createdAt: new Date('2026-08-01T10:00:00Z'),
};

describe('encodeOllamaChatResponse', () => {
  it('is one final object with content, thinking, object tool arguments, counts and durations', () => {
    expect(encodeOllamaChatResponse(response, options)).toEqual({
      model: 'gpt-4o',
      created_at: '2026-08-01T10:00:00.000000000Z',
      message: {
        role: 'assistant',
        content: 'It is sunny.',
        thinking: 'Check the tool output.',
        tool_calls: [{ id: 'call_1', function: { index: 0, name: 'get_weather', arguments: { city: 'Tokyo' } } }],
      },
      done: true,
      done_reason: 'stop',
      total_duration: 5_000_000_001,
      load_duration: 0,
      prompt_eval_count: 20,
      prompt_eval_duration: 1,
      eval_count: 8,
      eval_duration: 5_000_000_000,
    });
  });

  it('omits thinking when think was false, tool_calls when there are none, and unreported counts', () => {
    const plain = { ...response, toolCalls: [], usage: {}, finishReason: { unified: 'length' as const } };
    expect(encodeOllamaChatResponse(plain, { ...options, dropReasoning: true })).toMatchObject({
      message: { role: 'assistant', content: 'It is sunny.' },
      done_reason: 'length',
    });
    const encoded = encodeOllamaChatResponse(plain, { ...options, dropReasoning: true });
    expect(encoded.message).toEqual({ role: 'assistant', content: 'It is sunny.' });
    expect(encoded).not.toHaveProperty('eval_count');
    expect(encoded).not.toHaveProperty('prompt_eval_count');
  });
});

describe('encodeOllamaGenerateResponse', () => {
  it('puts the content in response and leaves tool calls out', () => {
    expect(encodeOllamaGenerateResponse(response, options)).toEqual({
      model: 'gpt-4o',
      created_at: '2026-08-01T10:00:00.000000000Z',
      response: 'It is sunny.',
      thinking: 'Check the tool output.',
      done: true,
      done_reason: 'stop',
      total_duration: 5_000_000_001,
      load_duration: 0,
      prompt_eval_count: 20,
      prompt_eval_duration: 1,
      eval_count: 8,
      eval_duration: 5_000_000_000,
    });
  });
});
