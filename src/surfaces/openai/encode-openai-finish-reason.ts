import type { FinishReason } from '../../core/finish-reason.js';
import type { OpenAIFinishReason } from './openai-wire.js';

/** Unified finish reason → OpenAI's; `error` and `other` have no OpenAI value and are sent as `stop`. */
export function encodeOpenAIFinishReason(reason: FinishReason): OpenAIFinishReason {
  switch (reason.unified) {
    case 'stop':
      return 'stop';
    case 'length':
      return 'length';
    case 'tool-calls':
      return 'tool_calls';
    case 'content-filter':
      return 'content_filter';
    case 'error':
    case 'other':
      return 'stop';
    default: {
      const unreachable: never = reason.unified;
      return unreachable;
    }
  }
}
