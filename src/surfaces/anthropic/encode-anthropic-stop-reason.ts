import type { FinishReason } from '../../core/finish-reason.js';
import type { AnthropicStopReason } from './anthropic-wire.js';

const STOP_REASONS: ReadonlySet<string> = new Set<AnthropicStopReason>([
  'end_turn',
  'max_tokens',
  'stop_sequence',
  'tool_use',
  'pause_turn',
  'refusal',
  'model_context_window_exceeded',
]);

/** What the finish reason alone does not say. */
export type StopReasonContext = {
  /** The response holds tool calls: some upstreams (Ollama) still say `stop`, but Anthropic clients run tools on `tool_use`. */
  sawToolCall: boolean;
  /** The request's stop sequences: with exactly one, a `stop_sequence` finish names it. */
  stopSequences: readonly string[] | undefined;
};

export type EncodedStopReason = { stop_reason: AnthropicStopReason; stop_sequence: string | null };

function matchedStopSequence(context: StopReasonContext): string | null {
  return context.stopSequences?.length === 1 ? context.stopSequences[0]! : null;
}

/**
 * Unified finish reason → `stop_reason` (anthropic-api.md §6, reverse direction). An Anthropic upstream's own reason
 * survives in `raw` and is used as-is (pause_turn, model_context_window_exceeded and stop_sequence have no unified
 * equivalent). `error` and `other` end the turn.
 */
export function encodeAnthropicStopReason(reason: FinishReason, context: StopReasonContext): EncodedStopReason {
  if (reason.raw !== undefined && STOP_REASONS.has(reason.raw)) {
    const stopReason = reason.raw as AnthropicStopReason;
    return { stop_reason: stopReason, stop_sequence: stopReason === 'stop_sequence' ? matchedStopSequence(context) : null };
  }
  switch (reason.unified) {
    case 'length':
      return { stop_reason: 'max_tokens', stop_sequence: null };
    case 'tool-calls':
      return { stop_reason: 'tool_use', stop_sequence: null };
    case 'content-filter':
      return { stop_reason: 'refusal', stop_sequence: null };
    case 'stop':
    case 'error':
    case 'other':
      return { stop_reason: context.sawToolCall ? 'tool_use' : 'end_turn', stop_sequence: null };
    default: {
      const unreachable: never = reason.unified;
      return unreachable;
    }
  }
}
