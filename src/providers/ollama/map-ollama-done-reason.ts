import type { FinishReason } from '../../core/finish-reason.js';

/**
 * Ollama `done_reason` (llm/server.go `DoneReason.String`, plus `load`/`unload` from the handlers). Ollama says
 * `stop` even after tool calls, so whether calls were seen decides between `stop` and `tool-calls`.
 */
export function mapOllamaDoneReason(raw: string | undefined, sawToolCall: boolean): FinishReason {
  switch (raw) {
    case undefined:
    case '':
      return { unified: sawToolCall ? 'tool-calls' : 'stop' };
    case 'stop':
      return { unified: sawToolCall ? 'tool-calls' : 'stop', raw };
    case 'length':
      return { unified: 'length', raw };
    default:
      // `load`, `unload`, and anything a newer server invents.
      return { unified: 'other', raw };
  }
}
