import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { AnthropicWireMessage } from './anthropic-wire.js';
import { decodeAnthropicResponse, thinkingLayoutOf } from './decode-anthropic-response.js';
import { mapAnthropicStopReason } from './map-anthropic-stop-reason.js';

const toolUse = JSON.parse(readFileSync(new URL('./__fixtures__/anthropic-tool-use.json', import.meta.url), 'utf8')) as AnthropicWireMessage;

describe('decodeAnthropicResponse', () => {
  it('joins text, turns thinking into reasoning and tool_use into tool calls, and counts cached input in inputTokens', () => {
    const response = decodeAnthropicResponse(toolUse, 'claude-sonnet-5-5');
    expect({ ...response, created: 0 }).toEqual({
      id: 'msg_01Aq9w938a90dw8q',
      model: 'claude-sonnet-5-5-20260928',
      created: 0,
      content: 'Checking now.',
      reasoning: 'I should look up the weather.',
      toolCalls: [{ id: 'toolu_01A09q90qw90lq917835lq9', name: 'get_weather', argumentsJson: '{"city":"San Francisco","unit":"celsius"}' }],
      finishReason: { unified: 'tool-calls', raw: 'tool_use' },
      usage: { inputTokens: 3395, cacheReadTokens: 1000, cacheWriteTokens: 300, outputTokens: 503, reasoningTokens: 120 },
    });
  });

  it('keeps the signed thinking and the tool calls in order for the thinking memory', () => {
    expect(thinkingLayoutOf(toolUse.content ?? [])).toEqual([
      { type: 'thinking', thinking: 'I should look up', signature: 'EqQBsig1' },
      { type: 'thinking', thinking: ' the weather.', signature: 'EqQBsig2' },
      { type: 'tool_use', id: 'toolu_01A09q90qw90lq917835lq9' },
    ]);
  });

  it('leaves usage fields the upstream did not send undefined and has no reasoning without thinking', () => {
    const response = decodeAnthropicResponse(
      { type: 'message', content: [{ type: 'text', text: 'Hi' }], stop_reason: 'end_turn', usage: { input_tokens: 5, output_tokens: 2 } },
      'claude-haiku-5-5',
    );
    expect(response.usage).toEqual({ inputTokens: 5, outputTokens: 2 });
    expect(response.model).toBe('claude-haiku-5-5');
    expect(response).not.toHaveProperty('reasoning');
  });

  it('rejects a body that is not a message', () => {
    expect(() => decodeAnthropicResponse({ type: 'error' }, 'm')).toThrow(expect.objectContaining({ code: 'upstream_protocol' }));
  });
});

describe('mapAnthropicStopReason', () => {
  it('maps every documented stop reason and keeps the raw value', () => {
    const raws = ['end_turn', 'stop_sequence', 'max_tokens', 'model_context_window_exceeded', 'tool_use', 'refusal', 'pause_turn', 'something_new'];
    expect(raws.map((raw) => mapAnthropicStopReason(raw).unified)).toEqual(['stop', 'stop', 'length', 'length', 'tool-calls', 'content-filter', 'other', 'other']);
    expect(mapAnthropicStopReason('refusal')).toEqual({ unified: 'content-filter', raw: 'refusal' });
    expect(mapAnthropicStopReason(null)).toEqual({ unified: 'other' });
  });
});
