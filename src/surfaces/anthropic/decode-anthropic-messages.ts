import type { AssistantMessage, ContentPart, Message, ToolCall, ToolMessage } from '../../core/chat-request.js';
import { invalidRequest } from '../../core/proxy-error.js';
import { type AnthropicDecodeContext, requireNativeUpstream } from './anthropic-decode-context.js';
import {
  type AnthropicContent,
  type AnthropicMessageParam,
  parseAnthropicPart,
  thinkingBlockSchema,
  toolUseBlockSchema,
} from './anthropic-request-schemas.js';
import { decodeDocumentBlock, decodeImageBlock, decodeTextBlock, decodeToolResultBlock } from './decode-anthropic-content.js';

/** Tool-use ids seen so far → tool names, so that a tool result can carry the name (Ollama and Gemini want it). */
type ToolNames = Map<string, string>;

/** System text: a string, or text blocks joined by a blank line (Claude Code sends several, each with cache_control). */
export function decodeAnthropicSystemText(content: AnthropicContent, param: string): string {
  if (typeof content === 'string') return content;
  return content
    .map((block, i) => {
      if (block.type !== 'text') throw invalidRequest(`'${param}[${i}]' must be a text block`, `${param}[${i}].type`);
      return decodeTextBlock(block, `${param}[${i}]`);
    })
    .join('\n\n');
}

/**
 * A user turn: its `tool_result` blocks become `tool` messages (first, as every upstream wants results right after
 * the calls), the rest one user message. Images a tool returned follow in that user message, introduced by a line
 * naming the call, because canonical tool messages hold text only.
 */
function decodeUser(content: AnthropicContent, param: string, context: AnthropicDecodeContext, toolNames: ToolNames, out: Message[]): void {
  if (typeof content === 'string') {
    out.push({ role: 'user', content: [{ type: 'text', text: content }] });
    return;
  }
  const parts: ContentPart[] = [];
  const toolImages: ContentPart[] = [];
  let sawToolResult = false;
  content.forEach((block, i) => {
    const blockParam = `${param}.content[${i}]`;
    switch (block.type) {
      case 'text':
        parts.push({ type: 'text', text: decodeTextBlock(block, blockParam) });
        break;
      case 'image': {
        const image = decodeImageBlock(block, blockParam, context);
        if (image) parts.push(image);
        break;
      }
      case 'document': {
        const text = decodeDocumentBlock(block, blockParam, context);
        if (text !== undefined) parts.push({ type: 'text', text });
        break;
      }
      case 'tool_result': {
        sawToolResult = true;
        const result = decodeToolResultBlock(block, blockParam, context);
        const message: ToolMessage = { role: 'tool', toolCallId: result.toolUseId, content: result.text };
        const name = toolNames.get(result.toolUseId);
        if (name !== undefined) message.toolName = name;
        out.push(message);
        if (result.images.length > 0) toolImages.push({ type: 'text', text: `(image output of tool call ${result.toolUseId})` }, ...result.images);
        break;
      }
      default:
        requireNativeUpstream(context, `content block type '${block.type}' is not supported in a user message`, `${blockParam}.type`);
    }
  });
  const userParts = [...toolImages, ...parts];
  if (userParts.length > 0) out.push({ role: 'user', content: userParts });
  else if (!sawToolResult) out.push({ role: 'user', content: [{ type: 'text', text: '' }] });
}

/**
 * An assistant turn: text blocks → content, thinking → reasoning, tool_use → tool calls (arguments as JSON text).
 * `redacted_thinking` is opaque data only Anthropic can read: it is left to the native body.
 */
function decodeAssistant(content: AnthropicContent, param: string, context: AnthropicDecodeContext, toolNames: ToolNames): AssistantMessage {
  if (typeof content === 'string') return { role: 'assistant', content };
  const texts: string[] = [];
  const reasoning: string[] = [];
  const toolCalls: ToolCall[] = [];
  content.forEach((block, i) => {
    const blockParam = `${param}.content[${i}]`;
    switch (block.type) {
      case 'text':
        texts.push(decodeTextBlock(block, blockParam));
        break;
      case 'thinking':
        reasoning.push(parseAnthropicPart(thinkingBlockSchema, block, blockParam).thinking);
        break;
      case 'redacted_thinking':
        break;
      case 'tool_use': {
        const use = parseAnthropicPart(toolUseBlockSchema, block, blockParam);
        toolCalls.push({ id: use.id, name: use.name, argumentsJson: JSON.stringify(use.input) });
        toolNames.set(use.id, use.name);
        break;
      }
      default:
        requireNativeUpstream(context, `content block type '${block.type}' is not supported in an assistant message`, `${blockParam}.type`);
    }
  });
  const message: AssistantMessage = { role: 'assistant', content: texts.join('\n') };
  const thought = reasoning.join('\n');
  if (thought !== '') message.reasoning = thought;
  if (toolCalls.length > 0) message.toolCalls = toolCalls;
  return message;
}

/** Messages API turns → canonical messages, in order. */
export function decodeAnthropicMessages(messages: readonly AnthropicMessageParam[], context: AnthropicDecodeContext): Message[] {
  const out: Message[] = [];
  const toolNames: ToolNames = new Map();
  messages.forEach((message, i) => {
    const param = `messages[${i}]`;
    switch (message.role) {
      case 'system':
        out.push({ role: 'system', content: decodeAnthropicSystemText(message.content, `${param}.content`) });
        break;
      case 'user':
        decodeUser(message.content, param, context, toolNames, out);
        break;
      case 'assistant':
        out.push(decodeAssistant(message.content, param, context, toolNames));
        break;
      default: {
        const unreachable: never = message.role;
        void unreachable;
      }
    }
  });
  return out;
}
