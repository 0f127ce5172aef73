import type { FinishReason } from '../../core/finish-reason.js';

/**
 * Gemini's `finishReason` (js-genai `FinishReason`) → ours. Gemini says STOP after function calls too, so the calls
 * decide. Blocked output of every kind is a content-filter finish; a broken tool call is an error finish.
 */
export function mapGeminiFinishReason(raw: string | undefined, sawToolCall: boolean): FinishReason {
  switch (raw) {
    case undefined:
      return { unified: sawToolCall ? 'tool-calls' : 'stop' };
    case 'STOP':
      return { unified: sawToolCall ? 'tool-calls' : 'stop', raw };
    case 'MAX_TOKENS':
      return { unified: 'length', raw };
    case 'SAFETY':
    case 'RECITATION':
    case 'LANGUAGE':
    case 'BLOCKLIST':
    case 'PROHIBITED_CONTENT':
    case 'SPII':
    case 'IMAGE_SAFETY':
    case 'IMAGE_PROHIBITED_CONTENT':
    case 'IMAGE_RECITATION':
    case 'IMAGE_OTHER':
      return { unified: 'content-filter', raw };
    case 'MALFORMED_FUNCTION_CALL':
    case 'UNEXPECTED_TOOL_CALL':
    case 'TOO_MANY_TOOL_CALLS':
      return { unified: 'error', raw };
    default:
      // FINISH_REASON_UNSPECIFIED, OTHER, NO_IMAGE and values newer than this list.
      return { unified: sawToolCall ? 'tool-calls' : 'other', raw };
  }
}
