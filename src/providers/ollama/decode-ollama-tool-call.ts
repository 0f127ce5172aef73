import type { ToolCall } from '../../core/chat-request.js';
import { randomId } from '../../util/ids.js';
import type { OllamaWireToolCall } from './ollama-wire.js';

/** An Ollama tool call (arguments as an object) → canonical (arguments as JSON text); ids are made when absent. */
export function decodeOllamaToolCall(call: OllamaWireToolCall): ToolCall {
  const args = call.function?.arguments;
  return {
    // Ollama >= 0.12.10 sends `call_` + 8 characters; older servers send none, so make one in the same shape.
    id: typeof call.id === 'string' && call.id !== '' ? call.id : randomId('call_', 8),
    name: call.function?.name ?? '',
    argumentsJson: typeof args === 'string' ? args : JSON.stringify(args ?? {}),
  };
}
