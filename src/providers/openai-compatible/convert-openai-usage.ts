import type { Usage } from '../../core/usage.js';
import type { OpenAIWireUsage } from './openai-wire.js';

/** Passes the upstream's counts through; prompt_tokens already include cached tokens in this family. */
export function convertOpenAIUsage(wire: OpenAIWireUsage): Usage {
  const usage: Usage = {};
  if (typeof wire.prompt_tokens === 'number') usage.inputTokens = wire.prompt_tokens;
  if (typeof wire.completion_tokens === 'number') usage.outputTokens = wire.completion_tokens;
  const cached = wire.prompt_tokens_details?.cached_tokens ?? wire.prompt_cache_hit_tokens;
  if (typeof cached === 'number') usage.cacheReadTokens = cached;
  const cacheWrite = wire.prompt_tokens_details?.cache_write_tokens;
  if (typeof cacheWrite === 'number') usage.cacheWriteTokens = cacheWrite;
  const reasoning = wire.completion_tokens_details?.reasoning_tokens;
  if (typeof reasoning === 'number') usage.reasoningTokens = reasoning;
  if (typeof wire.cost === 'number') usage.reportedCostUsd = wire.cost;
  return usage;
}
