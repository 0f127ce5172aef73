import type { AssistantMessage, ContentPart, Message, ToolCall, ToolMessage } from '../../core/chat-request.js';
import { randomId } from '../../util/ids.js';
import { decodeOllamaImages } from './decode-ollama-images.js';
import type { OllamaMessage } from './ollama-request-schemas.js';

type OllamaToolCallIn = NonNullable<OllamaMessage['tool_calls']>[number];

function decodeToolCall(call: OllamaToolCallIn): ToolCall {
  const args = call.function.arguments;
  return {
    id: call.id != null && call.id !== '' ? call.id : randomId('call_', 8),
    name: call.function.name,
    argumentsJson: typeof args === 'string' ? args : JSON.stringify(args ?? {}),
  };
}

/**
 * Pairs tool results with the calls they answer. Ollama >= 0.12.10 clients send `tool_call_id`; older ones send
 * only `tool_name` (the latest unanswered call of that name wins) or nothing (results answer calls in order).
 */
class ToolCallLedger {
  private readonly all: ToolCall[] = [];
  private pending: ToolCall[] = [];

  open(calls: ToolCall[]): void {
    this.all.push(...calls);
    this.pending = [...calls];
  }

  resolve(toolCallId: string | undefined, toolName: string | undefined): ToolCall | undefined {
    let call: ToolCall | undefined;
    if (toolCallId !== undefined) {
      call = this.all.find((c) => c.id === toolCallId);
    } else if (toolName !== undefined) {
      call = this.pending.find((c) => c.name === toolName) ?? this.all.findLast((c) => c.name === toolName);
    } else {
      call = this.pending[0];
    }
    if (call) this.pending = this.pending.filter((c) => c !== call);
    return call;
  }
}

function nonEmpty(value: string | null | undefined): string | undefined {
  return value === undefined || value === null || value === '' ? undefined : value;
}

function decodeToolMessage(message: OllamaMessage, ledger: ToolCallLedger): ToolMessage {
  const toolCallId = nonEmpty(message.tool_call_id);
  const toolName = nonEmpty(message.tool_name);
  const call = ledger.resolve(toolCallId, toolName);
  const out: ToolMessage = { role: 'tool', content: message.content ?? '' };
  const id = toolCallId ?? call?.id;
  const name = toolName ?? call?.name;
  if (id !== undefined) out.toolCallId = id;
  if (name !== undefined) out.toolName = name;
  return out;
}

function decodeAssistantMessage(message: OllamaMessage, ledger: ToolCallLedger): AssistantMessage {
  const out: AssistantMessage = { role: 'assistant', content: message.content ?? '' };
  const reasoning = nonEmpty(message.thinking);
  if (reasoning !== undefined) out.reasoning = reasoning;
  if (message.tool_calls && message.tool_calls.length > 0) {
    out.toolCalls = message.tool_calls.map(decodeToolCall);
    ledger.open(out.toolCalls);
  }
  return out;
}

function decodeUserContent(message: OllamaMessage): ContentPart[] {
  const parts: ContentPart[] = decodeOllamaImages(message.images);
  const text = message.content ?? '';
  // Ollama renders images ahead of the text ([img-0] prefixes), so keep that order.
  if (text !== '' || parts.length === 0) parts.push({ type: 'text', text });
  return parts;
}

/** Ollama messages → canonical messages, in order. Images are kept on user messages only. */
export function decodeOllamaMessages(messages: readonly OllamaMessage[]): Message[] {
  const ledger = new ToolCallLedger();
  return messages.map((message): Message => {
    switch (message.role) {
      case 'system':
        return { role: 'system', content: message.content ?? '' };
      case 'user':
        return { role: 'user', content: decodeUserContent(message) };
      case 'assistant':
        return decodeAssistantMessage(message, ledger);
      case 'tool':
        return decodeToolMessage(message, ledger);
      default: {
        const unreachable: never = message.role;
        return unreachable;
      }
    }
  });
}
