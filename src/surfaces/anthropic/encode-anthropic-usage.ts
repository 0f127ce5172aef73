import type { Usage } from '../../core/usage.js';
import type { AnthropicDeltaUsage, AnthropicUsage } from './anthropic-wire.js';

/**
 * Canonical usage → Anthropic `usage`. Canonical input counts include cached tokens; Anthropic's `input_tokens` counts
 * only the uncached rest (total input = input + cache_creation + cache_read), so both cache counts are subtracted.
 * The four counts are required numbers in Anthropic's shape: an unreported count is sent as 0.
 */
export function encodeAnthropicUsage(usage: Usage): AnthropicUsage {
  const cacheRead = usage.cacheReadTokens ?? 0;
  const cacheWrite = usage.cacheWriteTokens ?? 0;
  const out: AnthropicUsage = {
    input_tokens: Math.max(0, (usage.inputTokens ?? 0) - cacheRead - cacheWrite),
    output_tokens: usage.outputTokens ?? 0,
    cache_creation_input_tokens: cacheWrite,
    cache_read_input_tokens: cacheRead,
  };
  if (usage.reasoningTokens !== undefined) out.output_tokens_details = { thinking_tokens: usage.reasoningTokens };
  return out;
}

/**
 * `message_delta.usage`: the final counts. Input and cache counts are included only when the upstream reported
 * input tokens, so that the SDK (which overwrites what `message_start` said when they are present) keeps our estimate
 * otherwise.
 */
export function encodeAnthropicDeltaUsage(usage: Usage): AnthropicDeltaUsage {
  const full = encodeAnthropicUsage(usage);
  const out: AnthropicDeltaUsage = { output_tokens: full.output_tokens };
  if (usage.inputTokens !== undefined) {
    out.input_tokens = full.input_tokens;
    out.cache_creation_input_tokens = full.cache_creation_input_tokens;
    out.cache_read_input_tokens = full.cache_read_input_tokens;
  }
  if (full.output_tokens_details) out.output_tokens_details = full.output_tokens_details;
  return out;
}
