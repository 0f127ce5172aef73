/**
 * Token usage exactly as the upstream reported it. `undefined` means "not reported", never 0.
 * inputTokens includes cached tokens; outputTokens includes reasoning tokens.
 */
export type Usage = {
  inputTokens?: number;
  outputTokens?: number;
  cacheReadTokens?: number;
  cacheWriteTokens?: number;
  reasoningTokens?: number;
  /** Cost in USD when the provider reports it (OpenRouter `usage.cost`). */
  reportedCostUsd?: number;
};
