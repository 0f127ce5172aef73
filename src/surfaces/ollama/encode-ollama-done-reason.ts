import type { FinishReason } from '../../core/finish-reason.js';

/** Ollama has only `stop` and `length` for generated answers (no `tool_calls`, no content-filter value). */
export function encodeOllamaDoneReason(reason: FinishReason): 'stop' | 'length' {
  return reason.unified === 'length' ? 'length' : 'stop';
}
