import type { ReasoningEffort } from '../../core/chat-request.js';
import { invalidRequest } from '../../core/proxy-error.js';
import type { AnthropicMessagesRequest } from './anthropic-request-schemas.js';

/** `output_config.effort` values (the canonical set holds them all). */
const EFFORTS: ReadonlySet<string> = new Set<ReasoningEffort>(['low', 'medium', 'high', 'xhigh', 'max']);

/**
 * A thinking budget → the effort other providers understand. Bands chosen around the budgets clients use: Claude Code
 * asks 4,000 for "think", ~10,000 for "think hard" and 31,999 for "ultrathink"; the API minimum is 1,024.
 */
export function effortForBudget(budgetTokens: number): ReasoningEffort {
  if (budgetTokens < 4096) return 'low';
  if (budgetTokens < 16384) return 'medium';
  return 'high';
}

function decodeEffort(effort: string | null | undefined): ReasoningEffort | undefined {
  if (effort == null) return undefined;
  if (!EFFORTS.has(effort)) throw invalidRequest(`'output_config.effort' must be one of ${[...EFFORTS].join(', ')}`, 'output_config.effort');
  return effort as ReasoningEffort;
}

/**
 * `thinking` and `output_config.effort` → canonical reasoning. `disabled` → off; `enabled` → the explicit effort,
 * else one derived from `budget_tokens`; `adaptive` (and `between_tools`, and any newer type) → the explicit effort,
 * else on at the provider's default. An effort alone asks for that effort.
 */
export function decodeAnthropicReasoning(body: Pick<AnthropicMessagesRequest, 'thinking' | 'output_config'>): boolean | ReasoningEffort | undefined {
  const effort = decodeEffort(body.output_config?.effort);
  const thinking = body.thinking;
  if (!thinking) return effort;
  switch (thinking.type) {
    case 'disabled':
      return false;
    case 'enabled': {
      if (effort !== undefined) return effort;
      const budget = thinking.budget_tokens;
      if (budget == null) throw invalidRequest("'thinking.budget_tokens' is required when thinking.type is 'enabled'", 'thinking.budget_tokens');
      return effortForBudget(budget);
    }
    default:
      return effort ?? true;
  }
}
