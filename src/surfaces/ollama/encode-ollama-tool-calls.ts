import type { ToolCall } from '../../core/chat-request.js';
import type { OllamaToolCall } from './ollama-wire.js';

/** Ollama sends tool arguments as a JSON object, never a string; unparsable or non-object JSON becomes `{}`. */
export function encodeOllamaToolArguments(argumentsJson: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(argumentsJson);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // fall through
  }
  return {};
}

export function encodeOllamaToolCall(call: ToolCall, index: number): OllamaToolCall {
  return { id: call.id, function: { index, name: call.name, arguments: encodeOllamaToolArguments(call.argumentsJson) } };
}

export function encodeOllamaToolCalls(calls: readonly ToolCall[]): OllamaToolCall[] {
  return calls.map(encodeOllamaToolCall);
}
