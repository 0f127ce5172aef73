import type { FinishReason } from '../../core/finish-reason.js';

/**
 * Anthropic `stop_reason` → unified finish reason, raw value kept.
 * https://docs.anthropic.com/en/api/handling-stop-reasons (sdk `StopReason`).
 */
export function mapAnthropicStopReason(raw: string | null | undefined): FinishReason {
  switch (raw) {
    case 'end_turn':
    case 'stop_sequence':
      return { unified: 'stop', raw };
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return { unified: 'length', raw };
    case 'tool_use':
      return { unified: 'tool-calls', raw };
    case 'refusal':
      return { unified: 'content-filter', raw };
    case 'pause_turn':
      // A server-tool loop paused; the client would have to resend to continue. Nothing maps it better.
      return { unified: 'other', raw };
    case null:
    case undefined:
      return { unified: 'other' };
    default:
      return { unified: 'other', raw };
  }
}
