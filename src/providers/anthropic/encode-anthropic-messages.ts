import type { AssistantMessage, ContentPart, Message, ToolCall, ToolMessage } from '../../core/chat-request.js';
import { invalidRequest } from '../../core/proxy-error.js';
import { parseDataUrl, sniffImageMediaType } from '../../util/image-media-type.js';
import { applyThinkingLayout } from './apply-thinking-layout.js';
import type { AnthropicContentBlock, AnthropicImageBlock, AnthropicMessage, AnthropicToolUseBlock } from './anthropic-wire.js';
import type { ThinkingMemory } from './thinking-memory.js';

/**
 * Sent as the first user turn when a conversation starts with the assistant: the API wants a user turn first and
 * rejects empty text blocks, so the placeholder has to say something.
 */
const OPENING_PLACEHOLDER = '(continue)';

export type EncodedAnthropicMessages = { system: string | undefined; messages: AnthropicMessage[] };

/**
 * Canonical messages → Anthropic `system` + `messages`: every system message is hoisted into `system` (joined by a
 * blank line, in order); tool results become `tool_result` blocks in a user turn; consecutive same-role turns are
 * merged (tool results first, as the API expects), and empty turns dropped. Remembered signed thinking is put back
 * into the tool-use turns that produced it.
 */
export function encodeAnthropicMessages(
  messages: readonly Message[],
  context: { model: string; memory?: ThinkingMemory | undefined },
): EncodedAnthropicMessages {
  const system: string[] = [];
  const turns: AnthropicMessage[] = [];
  const resolver = new ToolCallIdResolver();

  messages.forEach((message, index) => {
    switch (message.role) {
      case 'system':
        if (message.content !== '') system.push(message.content);
        return;
      case 'user':
        pushTurn(turns, { role: 'user', content: encodeUserParts(message.content) });
        return;
      case 'assistant':
        resolver.sawAssistant(message.toolCalls ?? []);
        pushTurn(turns, { role: 'assistant', content: encodeAssistant(message, index, context) });
        return;
      case 'tool':
        pushTurn(turns, { role: 'user', content: [encodeToolResult(message, resolver.resolve(message, index))] });
        return;
      default: {
        const exhaustive: never = message;
        throw new Error(`unknown role in ${JSON.stringify(exhaustive)}`);
      }
    }
  });

  if (turns.length === 0) throw invalidRequest('at least one user or assistant message is required', 'messages');
  if (turns[0]!.role === 'assistant') turns.unshift({ role: 'user', content: [{ type: 'text', text: OPENING_PLACEHOLDER }] });
  return { system: system.length > 0 ? system.join('\n\n') : undefined, messages: turns };
}

/** Appends a turn, merging it into the previous one when the role repeats; a turn with no content is dropped. */
function pushTurn(turns: AnthropicMessage[], turn: AnthropicMessage): void {
  if (turn.content.length === 0) return;
  const last = turns.at(-1);
  if (!last || last.role !== turn.role) {
    turns.push(turn);
    return;
  }
  if (turn.role === 'user') {
    // "tool_result blocks must come first" in a user turn that answers tool calls.
    const merged = [...last.content, ...turn.content];
    last.content = [...merged.filter((block) => block.type === 'tool_result'), ...merged.filter((block) => block.type !== 'tool_result')];
    return;
  }
  // A tool-use turn must open with its thinking; if the later part brought thinking, it moves to the front.
  const leadingThinking: AnthropicContentBlock[] = [];
  let rest = turn.content;
  if (!last.content.some((block) => block.type === 'thinking' || block.type === 'redacted_thinking')) {
    const firstOther = rest.findIndex((block) => block.type !== 'thinking' && block.type !== 'redacted_thinking');
    const cut = firstOther === -1 ? rest.length : firstOther;
    leadingThinking.push(...rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  last.content = [...leadingThinking, ...last.content, ...rest];
}

function encodeUserParts(parts: readonly ContentPart[]): AnthropicContentBlock[] {
  const blocks: AnthropicContentBlock[] = [];
  for (const part of parts) {
    if (part.type === 'text') {
      // The API rejects empty text blocks.
      if (part.text !== '') blocks.push({ type: 'text', text: part.text });
    } else {
      blocks.push(encodeImage(part));
    }
  }
  return blocks;
}

function encodeImage(part: Extract<ContentPart, { type: 'image' }>): AnthropicImageBlock {
  if (part.source === 'base64') {
    return { type: 'image', source: { type: 'base64', media_type: part.mediaType, data: part.data } };
  }
  const inline = parseDataUrl(part.url);
  if (inline) {
    return { type: 'image', source: { type: 'base64', media_type: inline.mediaType ?? sniffImageMediaType(inline.data), data: inline.data } };
  }
  return { type: 'image', source: { type: 'url', url: part.url } };
}

function encodeAssistant(
  message: AssistantMessage,
  index: number,
  context: { model: string; memory?: ThinkingMemory | undefined },
): AnthropicContentBlock[] {
  // `message.reasoning` (text a client sent back) is not used: unsigned thinking is rejected by the API.
  const blocks: AnthropicContentBlock[] = [];
  if (message.content !== '') blocks.push({ type: 'text', text: message.content });
  const calls = message.toolCalls ?? [];
  calls.forEach((call, callIndex) => blocks.push(encodeToolUse(call, index, callIndex)));
  if (calls.length === 0 || !context.memory) return blocks;
  for (const call of calls) {
    const layout = context.memory.recall(context.model, call.id);
    if (layout) return applyThinkingLayout(blocks, layout);
  }
  return blocks;
}

function encodeToolUse(call: ToolCall, messageIndex: number, callIndex: number): AnthropicToolUseBlock {
  const param = `messages[${messageIndex}].tool_calls[${callIndex}].function.arguments`;
  let input: unknown;
  try {
    input = call.argumentsJson.trim() === '' ? {} : JSON.parse(call.argumentsJson);
  } catch {
    throw invalidRequest(`tool call '${call.name}' has arguments that are not valid JSON`, param);
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw invalidRequest(`tool call '${call.name}' arguments must be a JSON object`, param);
  }
  return { type: 'tool_use', id: call.id, name: call.name, input: input as Record<string, unknown> };
}

function encodeToolResult(message: ToolMessage, toolUseId: string): AnthropicContentBlock {
  // An empty string is not valid text; a result without content is.
  return message.content === '' ? { type: 'tool_result', tool_use_id: toolUseId } : { type: 'tool_result', tool_use_id: toolUseId, content: message.content };
}

/**
 * Ollama clients may send tool results without the call id. The result then belongs to a call of the latest
 * assistant turn: the first unanswered one with the same tool name, else the first unanswered one.
 */
class ToolCallIdResolver {
  private calls: readonly ToolCall[] = [];
  private readonly answered = new Set<string>();

  sawAssistant(calls: readonly ToolCall[]): void {
    this.calls = calls;
    this.answered.clear();
  }

  resolve(message: ToolMessage, index: number): string {
    if (message.toolCallId !== undefined && message.toolCallId !== '') {
      this.answered.add(message.toolCallId);
      return message.toolCallId;
    }
    const open = this.calls.filter((call) => !this.answered.has(call.id));
    const match = (message.toolName === undefined ? undefined : open.find((call) => call.name === message.toolName)) ?? open[0];
    if (!match) {
      throw invalidRequest(`tool message ${index} has no tool_call_id and answers no earlier assistant tool call`, `messages[${index}].tool_call_id`);
    }
    this.answered.add(match.id);
    return match.id;
  }
}
