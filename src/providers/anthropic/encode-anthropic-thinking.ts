import type { ChatRequest, ReasoningEffort } from '../../core/chat-request.js';
import type { ModelSpec } from '../../core/model-info.js';
import type { AnthropicEffort, AnthropicThinkingConfig } from './anthropic-wire.js';

/** Budgets for models that only take `budget_tokens` (Claude 4.5 and earlier). `true` means medium. */
const BUDGET_BY_EFFORT: Record<Exclude<ReasoningEffort, 'none'>, number> = {
  minimal: 1024,
  low: 4096,
  medium: 10240,
  high: 24576,
  xhigh: 32768,
  max: 49152,
};

/** The API's minimum `budget_tokens`. */
const MIN_BUDGET = 1024;

/** Used when neither the client nor the catalog gives an output limit: every current Claude model allows this. */
export const DEFAULT_MAX_TOKENS = 8192;

const ANTHROPIC_EFFORTS: readonly AnthropicEffort[] = ['low', 'medium', 'high', 'xhigh', 'max'];
const EFFORT_ORDER: readonly ReasoningEffort[] = ['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max'];

export type ThinkingPlan = {
  maxTokens: number;
  thinking?: AnthropicThinkingConfig;
  effort?: AnthropicEffort;
};

/**
 * Canonical reasoning → Anthropic `thinking` (+ `output_config.effort`) and the `max_tokens` to send.
 *
 * - Models with catalog `reasoningEfforts` (Claude 4.6 and later) get adaptive thinking with the effort, because
 *   several of them reject `budget_tokens` (Opus 4.7+: "adaptive thinking only"). Their thinking text is omitted by
 *   default on newer models, so we ask for `display: "summarized"`: the client asked to see reasoning.
 * - Other thinking-capable models get `{type: "enabled", budget_tokens}` from the effort, and `max_tokens` is raised
 *   above the budget, as the API requires (budget < max_tokens).
 * - `false` / `"none"` / undefined send no `thinking` (the model's default), and so does a forced tool choice, which
 *   the API rejects together with thinking: the client's explicit tool requirement wins.
 */
export function planThinking(request: ChatRequest, model: ModelSpec, forcedToolUse: boolean): ThinkingPlan {
  const maxTokens = request.maxTokens ?? model.maxOutputTokens ?? DEFAULT_MAX_TOKENS;
  const asked = request.reasoning;
  if (asked === undefined || asked === false || asked === 'none' || forcedToolUse) return { maxTokens };
  // A catalog model without the capability would reject the field; an id the catalog does not know gets a try.
  if (!model.passthrough && !model.capabilities.includes('thinking')) return { maxTokens };

  if (model.reasoningEfforts?.length) {
    const thinking: AnthropicThinkingConfig = { type: 'adaptive', display: 'summarized' };
    if (asked === true) return { maxTokens, thinking };
    const effort = clampAnthropicEffort(asked, model.reasoningEfforts);
    return effort === undefined ? { maxTokens, thinking } : { maxTokens, thinking, effort };
  }

  let budget = BUDGET_BY_EFFORT[asked === true ? 'medium' : asked];
  let limit = maxTokens;
  if (limit <= budget) limit = Math.min(budget + limit, model.maxOutputTokens ?? Number.POSITIVE_INFINITY);
  if (budget >= limit) budget = limit - 1;
  if (budget < MIN_BUDGET) return { maxTokens };
  return { maxTokens: limit, thinking: { type: 'enabled', budget_tokens: budget } };
}

/** The accepted effort nearest to the asked one, preferring the next higher (a value the model rejects is a 400). */
function clampAnthropicEffort(asked: ReasoningEffort, accepted: readonly ReasoningEffort[]): AnthropicEffort | undefined {
  const usable = accepted.filter((effort): effort is AnthropicEffort => (ANTHROPIC_EFFORTS as readonly string[]).includes(effort));
  if ((usable as readonly string[]).includes(asked)) return asked as AnthropicEffort;
  const rank = EFFORT_ORDER.indexOf(asked);
  let best: AnthropicEffort | undefined;
  let bestScore = Number.POSITIVE_INFINITY;
  for (const candidate of usable) {
    const distance = EFFORT_ORDER.indexOf(candidate) - rank;
    const score = distance >= 0 ? distance : -distance + 0.5;
    if (score < bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  return best;
}
