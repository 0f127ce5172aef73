import type { AssistantMessage, ContentPart, Message, ToolMessage, UserMessage } from '../../core/chat-request.js';
import { ProxyError, invalidRequest } from '../../core/proxy-error.js';
import { parseDataUrl } from '../../util/image-media-type.js';
import type { OllamaWireMessage } from './ollama-wire.js';

type WireToolCall = NonNullable<OllamaWireMessage['tool_calls']>[number];

/**
 * Ollama wants tool arguments as a JSON object and rejects a string (Go decodes them into a map). An empty string
 * is a call without arguments; anything that is not an object cannot be sent faithfully, so it is a 400.
 */
export function parseToolArguments(argumentsJson: string, name: string): Record<string, unknown> {
  if (argumentsJson.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(argumentsJson);
  } catch {
    parsed = undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw invalidRequest(`the arguments of tool call '${name}' are not a JSON object, which Ollama requires`, 'messages');
  }
  return parsed as Record<string, unknown>;
}

/** Images must be plain base64: a data: URL is unwrapped, a remote URL cannot be sent (Ollama never fetches). */
function encodeImage(part: Extract<ContentPart, { type: 'image' }>, param: string, provider: string): string {
  if (part.source === 'base64') return part.data;
  const inline = parseDataUrl(part.url);
  if (inline) return inline.data;
  throw new ProxyError(
    'unsupported',
    `Ollama (provider '${provider}') accepts images only as base64 data, not as URLs; send the image bytes (base64 or a data: URL) instead`,
    { param, provider },
  );
}

function encodeUser(message: UserMessage, param: string, provider: string): OllamaWireMessage {
  const texts: string[] = [];
  const images: string[] = [];
  for (const part of message.content) {
    if (part.type === 'text') texts.push(part.text);
    else images.push(encodeImage(part, param, provider));
  }
  const out: OllamaWireMessage = { role: 'user', content: texts.join('\n') };
  if (images.length > 0) out.images = images;
  return out;
}

function encodeAssistant(message: AssistantMessage): OllamaWireMessage {
  const out: OllamaWireMessage = { role: 'assistant', content: message.content };
  if (message.reasoning !== undefined && message.reasoning !== '') out.thinking = message.reasoning;
  if (message.toolCalls?.length) {
    out.tool_calls = message.toolCalls.map(
      (call, index): WireToolCall => ({
        ...(call.id === '' ? {} : { id: call.id }),
        function: { index, name: call.name, arguments: parseToolArguments(call.argumentsJson, call.name) },
      }),
    );
  }
  return out;
}

/** `tool_name` is how Ollama templates label a result; recover it from the call when the client only sent an id. */
function encodeTool(message: ToolMessage, namesById: Map<string, string>): OllamaWireMessage {
  const out: OllamaWireMessage = { role: 'tool', content: message.content };
  const name = message.toolName ?? (message.toolCallId === undefined ? undefined : namesById.get(message.toolCallId));
  if (name !== undefined) out.tool_name = name;
  if (message.toolCallId !== undefined && message.toolCallId !== '') out.tool_call_id = message.toolCallId;
  return out;
}

/** Canonical messages → Ollama `messages`, in order (system messages stay where they are: Ollama keeps them). */
export function encodeOllamaMessages(messages: readonly Message[], provider: string): OllamaWireMessage[] {
  const namesById = new Map<string, string>();
  return messages.map((message, i): OllamaWireMessage => {
    switch (message.role) {
      case 'system':
        return { role: 'system', content: message.content };
      case 'user':
        return encodeUser(message, `messages[${i}].content`, provider);
      case 'assistant':
        for (const call of message.toolCalls ?? []) namesById.set(call.id, call.name);
        return encodeAssistant(message);
      case 'tool':
        return encodeTool(message, namesById);
      default: {
        const exhaustive: never = message;
        throw new Error(`unknown role in ${JSON.stringify(exhaustive)}`);
      }
    }
  });
}
