import type { Usage } from '../../core/usage.js';
import type { OpenAIUsage } from './openai-wire.js';

/**
 * Canonical usage → OpenAI `usage`. The three counts are required in OpenAI's shape, so an unreported count is
 * sent as 0; detail objects and `cost` appear only when the upstream reported them.
 */
export function encodeOpenAIUsage(usage: Usage): OpenAIUsage {
  const prompt = usage.inputTokens ?? 0;
  const completion = usage.outputTokens ?? 0;
  const out: OpenAIUsage = { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
  if (usage.cacheReadTokens !== undefined || usage.cacheWriteTokens !== undefined) {
    out.prompt_tokens_details = {};
    if (usage.cacheReadTokens !== undefined) out.prompt_tokens_details.cached_tokens = usage.cacheReadTokens;
    if (usage.cacheWriteTokens !== undefined) out.prompt_tokens_details.cache_write_tokens = usage.cacheWriteTokens;
  }
  if (usage.reasoningTokens !== undefined) out.completion_tokens_details = { reasoning_tokens: usage.reasoningTokens };
  if (usage.reportedCostUsd !== undefined) out.cost = usage.reportedCostUsd;
  return out;
}
