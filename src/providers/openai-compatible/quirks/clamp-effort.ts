import type { ReasoningEffort } from '../../../core/chat-request.js';

const ORDER: ReasoningEffort[] = ['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max'];

/** The accepted effort nearest to the asked one, preferring the next higher: a wrong value is a 400 upstream. */
export function clampEffort(asked: ReasoningEffort, accepted: readonly ReasoningEffort[]): ReasoningEffort {
  if (accepted.includes(asked)) return asked;
  const rank = ORDER.indexOf(asked);
  let best: ReasoningEffort | undefined;
  let bestDistance = Infinity;
  for (const candidate of accepted) {
    const distance = ORDER.indexOf(candidate) - rank;
    const score = distance >= 0 ? distance : -distance + 0.5;
    if (score < bestDistance) {
      best = candidate;
      bestDistance = score;
    }
  }
  return best ?? asked;
}
