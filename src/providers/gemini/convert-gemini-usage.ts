import type { Usage } from '../../core/usage.js';
import type { GeminiUsageMetadata } from './gemini-wire.js';

const count = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);

/**
 * `usageMetadata` → Usage. `candidatesTokenCount` excludes thinking, so output = candidates + thoughts. The prompt
 * count includes cached tokens (as our Usage wants); tokens of built-in tool prompts are billed as input too.
 */
export function convertGeminiUsage(wire: GeminiUsageMetadata | undefined): Usage {
  if (!wire) return {};
  const usage: Usage = {};
  const prompt = count(wire.promptTokenCount);
  const toolPrompt = count(wire.toolUsePromptTokenCount);
  if (prompt !== undefined || toolPrompt !== undefined) usage.inputTokens = (prompt ?? 0) + (toolPrompt ?? 0);
  const candidates = count(wire.candidatesTokenCount);
  const thoughts = count(wire.thoughtsTokenCount);
  if (candidates !== undefined || thoughts !== undefined) usage.outputTokens = (candidates ?? 0) + (thoughts ?? 0);
  if (thoughts !== undefined) usage.reasoningTokens = thoughts;
  const cached = count(wire.cachedContentTokenCount);
  if (cached !== undefined) usage.cacheReadTokens = cached;
  return usage;
}
