import type { AssistantMessage, Message, ToolCall, ToolMessage } from '../../core/chat-request.js';
import { ProxyError } from '../../core/proxy-error.js';
import { randomId } from '../../util/ids.js';
import { decodeOpenAITextContent, decodeOpenAIUserContent } from './decode-openai-content.js';
import type { OpenAIMessage } from './openai-request-schemas.js';

type WireToolCall = NonNullable<OpenAIMessage['tool_calls']>[number];

function decodeToolCall(call: WireToolCall): ToolCall {
  const args = call.function.arguments;
  return {
    id: call.id != null && call.id !== '' ? call.id : randomId('call_'),
    name: call.function.name,
    argumentsJson: typeof args === 'string' ? args : JSON.stringify(args ?? {}),
  };
}

function decodeAssistant(message: OpenAIMessage, param: string, toolNames: Map<string, string>): AssistantMessage {
  const out: AssistantMessage = { role: 'assistant', content: decodeOpenAITextContent(message.content, `${param}.content`) };
  const reasoning = message.reasoning_content ?? message.reasoning;
  if (reasoning != null && reasoning !== '') out.reasoning = reasoning;
  if (message.tool_calls && message.tool_calls.length > 0) {
    out.toolCalls = message.tool_calls.map(decodeToolCall);
    for (const call of out.toolCalls) toolNames.set(call.id, call.name);
  }
  return out;
}

function decodeTool(message: OpenAIMessage, param: string, toolNames: Map<string, string>): ToolMessage {
  const out: ToolMessage = { role: 'tool', content: decodeOpenAITextContent(message.content, `${param}.content`) };
  const id = message.tool_call_id;
  if (id != null && id !== '') {
    out.toolCallId = id;
    const name = toolNames.get(id);
    if (name !== undefined) out.toolName = name;
  }
  return out;
}

/**
 * OpenAI messages → canonical messages, in order. `developer` becomes `system`; a tool result gets the name of the
 * earlier assistant tool call with its id (as Ollama's compatibility layer does).
 */
export function decodeOpenAIMessages(messages: readonly OpenAIMessage[]): Message[] {
  const toolNames = new Map<string, string>();
  return messages.map((message, i): Message => {
    const param = `messages[${i}]`;
    switch (message.role) {
      case 'system':
      case 'developer':
        return { role: 'system', content: decodeOpenAITextContent(message.content, `${param}.content`) };
      case 'user':
        return { role: 'user', content: decodeOpenAIUserContent(message.content, `${param}.content`) };
      case 'assistant':
        return decodeAssistant(message, param, toolNames);
      case 'tool':
        return decodeTool(message, param, toolNames);
      case 'function':
        throw new ProxyError('unsupported', "role 'function' is deprecated and not supported; use 'tool' messages", {
          param: `${param}.role`,
        });
      default: {
        const unreachable: never = message.role;
        return unreachable;
      }
    }
  });
}
