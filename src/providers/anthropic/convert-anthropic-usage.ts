import type { Usage } from '../../core/usage.js';
import type { AnthropicWireUsage } from './anthropic-wire.js';

/**
 * Anthropic counts uncached input apart from cache reads and writes; our inputTokens includes all three
 * (sdk doc comment: total input = input_tokens + cache_creation_input_tokens + cache_read_input_tokens).
 * Fields that are absent stay undefined.
 */
export function convertAnthropicUsage(wire: AnthropicWireUsage): Usage {
  const usage: Usage = {};
  const uncached = num(wire.input_tokens);
  const cacheRead = num(wire.cache_read_input_tokens);
  const cacheWrite = num(wire.cache_creation_input_tokens);
  if (uncached !== undefined) usage.inputTokens = uncached + (cacheRead ?? 0) + (cacheWrite ?? 0);
  if (cacheRead !== undefined) usage.cacheReadTokens = cacheRead;
  if (cacheWrite !== undefined) usage.cacheWriteTokens = cacheWrite;
  const output = num(wire.output_tokens);
  if (output !== undefined) usage.outputTokens = output;
  const thinking = num(wire.output_tokens_details?.thinking_tokens);
  if (thinking !== undefined) usage.reasoningTokens = thinking;
  return usage;
}

/**
 * A stream reports usage twice: input in message_start, cumulative counts in message_delta (which may repeat the
 * input fields or leave them out). Later non-null fields win.
 */
export function mergeAnthropicUsage(earlier: AnthropicWireUsage, later: AnthropicWireUsage): AnthropicWireUsage {
  const merged: AnthropicWireUsage = { ...earlier };
  for (const key of ['input_tokens', 'output_tokens', 'cache_creation_input_tokens', 'cache_read_input_tokens'] as const) {
    const value = later[key];
    if (typeof value === 'number') merged[key] = value;
  }
  if (later.output_tokens_details) merged.output_tokens_details = later.output_tokens_details;
  return merged;
}

function num(value: number | null | undefined): number | undefined {
  return typeof value === 'number' ? value : undefined;
}
