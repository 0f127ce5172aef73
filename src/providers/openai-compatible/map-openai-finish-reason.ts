import type { FinishReason } from '../../core/finish-reason.js';

/** https://platform.openai.com/docs/api-reference/chat/object (finish_reason); vendor extras kept in `raw`. */
export function mapOpenAIFinishReason(raw: string, sawToolCall: boolean): FinishReason {
  switch (raw) {
    case 'stop':
    case 'eos':
    case 'end_turn':
      // Some vendors say stop after tool calls; the calls are what matters to the client.
      return { unified: sawToolCall ? 'tool-calls' : 'stop', raw };
    case 'length':
    case 'model_length':
    case 'max_tokens':
      return { unified: 'length', raw };
    case 'tool_calls':
    case 'function_call':
      return { unified: 'tool-calls', raw };
    case 'content_filter':
      return { unified: 'content-filter', raw };
    case 'error':
      return { unified: 'error', raw };
    default:
      return { unified: 'other', raw };
  }
}
