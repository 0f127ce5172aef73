import { describe, expect, it } from 'vitest';
import type { ChatResponse } from '../../core/chat-response.js';
import { encodeOpenAIChatResponse } from './encode-openai-chat-response.js';
import { encodeOpenAICompletionResponse } from './encode-openai-completion-response.js';
import { encodeOpenAIUsage } from './encode-openai-usage.js';

const base: ChatResponse = {
  id: 'chatcmpl-abc',
  model: 'gpt-4o-2024-08-06',
  created: 1754000000,
  content: 'Hello!',
  toolCalls: [],
  finishReason: { unified: 'stop', raw: 'stop' },
  usage: { inputTokens: 10, outputTokens: 3 },
};

describe('encodeOpenAIChatResponse', () => {
  it('encodes a text answer', () => {
    expect(encodeOpenAIChatResponse(base)).toEqual({
      id: 'chatcmpl-abc',
      object: 'chat.completion',
      created: 1754000000,
      model: 'gpt-4o-2024-08-06',
      choices: [{ index: 0, message: { role: 'assistant', content: 'Hello!', refusal: null }, finish_reason: 'stop', logprobs: null }],
      usage: { prompt_tokens: 10, completion_tokens: 3, total_tokens: 13 },
    });
  });

  it('encodes tool calls with null content, reasoning_content, and Perplexity metadata', () => {
    const out = encodeOpenAIChatResponse({
      ...base,
      content: '',
      reasoning: 'Need the weather.',
      toolCalls: [{ id: 'call_1', name: 'get_weather', argumentsJson: '{"city":"Tokyo"}' }],
      finishReason: { unified: 'tool-calls' },
      metadata: { citations: ['https://a.example'], searchResults: [{ title: 'A' }] },
    });
    expect(out.choices[0]).toEqual({
      index: 0,
      message: {
        role: 'assistant',
        content: null,
        refusal: null,
        tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Tokyo"}' } }],
        reasoning_content: 'Need the weather.',
      },
      finish_reason: 'tool_calls',
      logprobs: null,
    });
    expect(out.citations).toEqual(['https://a.example']);
    expect(out.search_results).toEqual([{ title: 'A' }]);
  });

  it('maps every finish reason', () => {
    const reason = (unified: ChatResponse['finishReason']['unified']) => encodeOpenAIChatResponse({ ...base, finishReason: { unified } }).choices[0]?.finish_reason;
    expect([reason('stop'), reason('length'), reason('tool-calls'), reason('content-filter'), reason('error'), reason('other')]).toEqual([
      'stop',
      'length',
      'tool_calls',
      'content_filter',
      'stop',
      'stop',
    ]);
  });
});

describe('encodeOpenAIUsage', () => {
  it('reports 0 for unknown counts and adds details and cost only when known', () => {
    expect(encodeOpenAIUsage({})).toEqual({ prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 });
    expect(encodeOpenAIUsage({ inputTokens: 5 })).toEqual({ prompt_tokens: 5, completion_tokens: 0, total_tokens: 5 });
    expect(encodeOpenAIUsage({ inputTokens: 100, outputTokens: 50, cacheReadTokens: 80, reasoningTokens: 30, reportedCostUsd: 0.0012 })).toEqual({
      prompt_tokens: 100,
      completion_tokens: 50,
      total_tokens: 150,
      prompt_tokens_details: { cached_tokens: 80 },
      completion_tokens_details: { reasoning_tokens: 30 },
      cost: 0.0012,
    });
  });
});

describe('encodeOpenAICompletionResponse', () => {
  it('encodes a text_completion with a cmpl- id', () => {
    expect(encodeOpenAICompletionResponse({ ...base, content: ' return a + b', finishReason: { unified: 'length' } })).toEqual({
      id: 'cmpl-abc',
      object: 'text_completion',
      created: 1754000000,
      model: 'gpt-4o-2024-08-06',
      choices: [{ text: ' return a + b', index: 0, logprobs: null, finish_reason: 'length' }],
      usage: { prompt_tokens: 10, completion_tokens: 3, total_tokens: 13 },
    });
    expect(encodeOpenAICompletionResponse({ ...base, id: 'cmpl-xyz' }).id).toBe('cmpl-xyz');
    expect(encodeOpenAICompletionResponse({ ...base, id: 'gen-1' }).id).toBe('cmpl-gen-1');
  });
});
