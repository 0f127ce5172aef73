import type { ChatRequest, ReasoningEffort } from '../../core/chat-request.js';
import type { ModelSpec } from '../../core/model-info.js';
import type { GeminiThinkingConfig, GeminiThinkingLevel } from './gemini-wire.js';

/** Budgets for Gemini 2.x (`thinkingBudget`); 24576 is the most 2.5 Flash accepts. */
const BUDGET_BY_EFFORT: Record<Exclude<ReasoningEffort, 'none'>, number> = {
  minimal: 512,
  low: 1024,
  medium: 8192,
  high: 24576,
  xhigh: 24576,
  max: 24576,
};

const LEVEL_BY_EFFORT: Record<Exclude<ReasoningEffort, 'none'>, GeminiThinkingLevel> = {
  minimal: 'MINIMAL',
  low: 'LOW',
  medium: 'MEDIUM',
  high: 'HIGH',
  xhigh: 'HIGH',
  max: 'HIGH',
};

const EFFORT_ORDER: readonly ReasoningEffort[] = ['minimal', 'low', 'medium', 'high', 'xhigh', 'max'];

/**
 * Gemini 3 and later take `thinkingLevel`; 2.x take `thinkingBudget` (sending both is a 400). The catalog has no flag
 * for this, so the model id's major version decides; an id without one (an alias like `gemini-flash-latest`) is
 * treated as current.
 */
export function usesThinkingLevel(modelId: string): boolean {
  const major = /^(?:models\/)?gemini-(\d+)/.exec(modelId)?.[1];
  return major === undefined || Number(major) >= 3;
}

/**
 * Canonical reasoning → `thinkingConfig`.
 * - Undefined: thinking models think by default; we only ask for the thought summaries (`includeThoughts`) so they
 *   reach the client as reasoning. Models without the catalog capability get nothing (the API rejects the field).
 * - `true`: the model's own (dynamic) amount, with summaries.
 * - An effort: a level (3.x) or budget (2.x), clamped to the efforts the catalog lists.
 * - `false` / `'none'`: budget 0 where the model allows it (catalog effort `none`); models that cannot stop thinking
 *   (2.5 Pro, Gemini 3) get their lowest level or budget instead, without summaries.
 */
export function encodeGeminiThinking(request: ChatRequest, model: ModelSpec): GeminiThinkingConfig | undefined {
  const asked = request.reasoning;
  const capable = model.capabilities.includes('thinking');
  if (asked === undefined) return capable ? { includeThoughts: true } : undefined;
  // A catalog model without the capability would reject the field; an id the catalog does not know gets a try.
  if (!capable && !model.passthrough) return undefined;
  if (asked === true) return { includeThoughts: true };

  const accepted = model.reasoningEfforts;
  const level = usesThinkingLevel(model.id);
  if (asked === false || asked === 'none') {
    if (!level && (accepted === undefined || accepted.includes('none'))) return { thinkingBudget: 0 };
    const lowest = lowestEffort(accepted) ?? (level ? 'low' : 'minimal');
    return level ? { thinkingLevel: LEVEL_BY_EFFORT[lowest] } : { thinkingBudget: BUDGET_BY_EFFORT[lowest] };
  }
  const usable = accepted?.filter((effort) => effort !== 'none');
  const effort = usable?.length ? clampEffort(asked, usable) : asked;
  return level
    ? { includeThoughts: true, thinkingLevel: LEVEL_BY_EFFORT[effort] }
    : { includeThoughts: true, thinkingBudget: BUDGET_BY_EFFORT[effort] };
}

function lowestEffort(accepted: readonly ReasoningEffort[] | undefined): Exclude<ReasoningEffort, 'none'> | undefined {
  if (!accepted) return undefined;
  return EFFORT_ORDER.find((effort) => accepted.includes(effort)) as Exclude<ReasoningEffort, 'none'> | undefined;
}

/** The accepted effort nearest to the asked one, preferring the next higher (a value the model rejects is a 400). */
function clampEffort(asked: Exclude<ReasoningEffort, 'none'>, accepted: readonly ReasoningEffort[]): Exclude<ReasoningEffort, 'none'> {
  const usable = accepted.filter((effort): effort is Exclude<ReasoningEffort, 'none'> => effort !== 'none');
  if (usable.includes(asked)) return asked;
  const rank = EFFORT_ORDER.indexOf(asked);
  let best = asked;
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
