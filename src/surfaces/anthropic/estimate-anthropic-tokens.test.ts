import { describe, expect, it } from 'vitest';
import { anthropicMessagesRequestSchema } from './anthropic-request-schemas.js';
import { estimateAnthropicInputTokens, IMAGE_TOKENS, MESSAGE_OVERHEAD_TOKENS, TOOLS_OVERHEAD_TOKENS } from './estimate-anthropic-tokens.js';

function estimate(body: Record<string, unknown>): number {
  return estimateAnthropicInputTokens(anthropicMessagesRequestSchema.parse({ model: 'm', ...body }));
}

describe('estimateAnthropicInputTokens', () => {
  it('counts text at four characters per token plus a per-message overhead', () => {
    expect(estimate({ system: 'x'.repeat(40), messages: [{ role: 'user', content: 'y'.repeat(40) }] })).toBe(20 + MESSAGE_OVERHEAD_TOKENS);
  });

  it('counts images at a fixed cost, tool calls and results as text, and tools with their schemas', () => {
    const input = { path: '/a' };
    const schema = { type: 'object', properties: { path: { type: 'string' } } };
    const tokens = estimate({
      messages: [
        { role: 'user', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'A'.repeat(10_000) } }] },
        { role: 'assistant', content: [{ type: 'tool_use', id: 't', name: 'read', input }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', content: [{ type: 'text', text: 'z'.repeat(8) }] }] },
      ],
      tools: [{ name: 'read', description: 'Reads', input_schema: schema }],
    });
    const chars = 'read'.length + JSON.stringify(input).length + 8 + 'read'.length + 'Reads'.length + JSON.stringify(schema).length;
    expect(tokens).toBe(Math.ceil(chars / 4) + IMAGE_TOKENS + 3 * MESSAGE_OVERHEAD_TOKENS + TOOLS_OVERHEAD_TOKENS);
  });

  it('grows with the conversation', () => {
    const short = estimate({ messages: [{ role: 'user', content: 'Hello there' }] });
    const long = estimate({ messages: [{ role: 'user', content: 'Hello there '.repeat(100) }] });
    expect(long).toBeGreaterThan(short * 50);
  });
});
