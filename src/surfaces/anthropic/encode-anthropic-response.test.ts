import { describe, expect, it } from 'vitest';
import type { ChatResponse } from '../../core/chat-response.js';
import { encodeAnthropicResponse } from './encode-anthropic-response.js';
import { encodeAnthropicUsage } from './encode-anthropic-usage.js';

const base: ChatResponse = {
  id: 'chatcmpl-r1',
  model: 'gpt-4o-2024-08-06',
  created: 1754000000,
  content: '',
  toolCalls: [],
  finishReason: { unified: 'stop', raw: 'stop' },
  usage: {},
};
const options = { model: 'claude-sonnet-4-5', stopSequences: undefined };

describe('encodeAnthropicResponse', () => {
  it('encodes thinking, text and tool_use blocks with the client model name and usage without cache tokens', () => {
    const message = encodeAnthropicResponse(
      {
        ...base,
        reasoning: 'Need the weather.',
        content: 'Checking.',
        toolCalls: [
          { id: 'call_a', name: 'get_weather', argumentsJson: '{"city":"Tokyo"}' },
          { id: '', name: 'noop', argumentsJson: '' },
        ],
        finishReason: { unified: 'tool-calls', raw: 'tool_calls' },
        usage: { inputTokens: 1000, cacheReadTokens: 800, cacheWriteTokens: 150, outputTokens: 60, reasoningTokens: 20 },
      },
      options,
    );
    expect(message).toEqual({
      id: 'msg_chatcmpl-r1',
      type: 'message',
      role: 'assistant',
      model: 'claude-sonnet-4-5',
      content: [
        { type: 'thinking', thinking: 'Need the weather.', signature: '' },
        { type: 'text', text: 'Checking.' },
        { type: 'tool_use', id: 'call_a', name: 'get_weather', input: { city: 'Tokyo' } },
        { type: 'tool_use', id: expect.stringMatching(/^toolu_[a-z0-9]+$/), name: 'noop', input: {} },
      ],
      stop_reason: 'tool_use',
      stop_sequence: null,
      usage: {
        input_tokens: 50,
        output_tokens: 60,
        cache_creation_input_tokens: 150,
        cache_read_input_tokens: 800,
        output_tokens_details: { thinking_tokens: 20 },
      },
    });
  });

  it('maps finish reasons, keeping an Anthropic upstream reason that has no unified equivalent', () => {
    const stop = (finishReason: ChatResponse['finishReason'], stopSequences?: string[]) =>
      encodeAnthropicResponse({ ...base, content: 'x', finishReason }, { ...options, stopSequences });
    expect(stop({ unified: 'stop' })).toMatchObject({ stop_reason: 'end_turn', stop_sequence: null });
    expect(stop({ unified: 'length', raw: 'length' }).stop_reason).toBe('max_tokens');
    expect(stop({ unified: 'content-filter', raw: 'content_filter' }).stop_reason).toBe('refusal');
    expect(stop({ unified: 'other', raw: 'pause_turn' }).stop_reason).toBe('pause_turn');
    expect(stop({ unified: 'length', raw: 'model_context_window_exceeded' }).stop_reason).toBe('model_context_window_exceeded');
    expect(stop({ unified: 'stop', raw: 'stop_sequence' }, ['END'])).toMatchObject({ stop_reason: 'stop_sequence', stop_sequence: 'END' });
    // With several stop sequences the matched one is unknown.
    expect(stop({ unified: 'stop', raw: 'stop_sequence' }, ['A', 'B'])).toMatchObject({ stop_reason: 'stop_sequence', stop_sequence: null });
    expect(stop({ unified: 'error', raw: 'error' }).stop_reason).toBe('end_turn');
  });

  it('keeps an msg_ id, answers an empty reply with no blocks, and treats malformed tool arguments as {}', () => {
    const message = encodeAnthropicResponse({ ...base, id: 'msg_01XYZ', toolCalls: [{ id: 'toolu_1', name: 'f', argumentsJson: '{"a":' }] }, options);
    expect(message.id).toBe('msg_01XYZ');
    expect(message.content).toEqual([{ type: 'tool_use', id: 'toolu_1', name: 'f', input: {} }]);
    expect(encodeAnthropicResponse(base, options).content).toEqual([]);
  });
});

describe('encodeAnthropicUsage', () => {
  it('sends unreported counts as 0 and never a negative input count', () => {
    expect(encodeAnthropicUsage({})).toEqual({ input_tokens: 0, output_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 });
    expect(encodeAnthropicUsage({ inputTokens: 5, cacheReadTokens: 9 }).input_tokens).toBe(0);
  });
});
