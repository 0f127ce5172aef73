import type { AnthropicBlock, AnthropicContent, AnthropicMessagesRequest } from './anthropic-request-schemas.js';

/**
 * A local estimate of a Messages request's input tokens, for `count_tokens` and the `message_start` usage. The gateway
 * has no upstream token-count call (and most providers have none), so this counts instead:
 * - text at 4 characters per token: system, text blocks, thinking, tool_use name + JSON input, tool results, text
 *   documents, and each tool's name, description and JSON input schema (server tools and unknown blocks: their JSON);
 * - each image, and each non-text document (PDF), at 1,600 tokens: Anthropic's cost for an image at the ~1.15
 *   megapixel size it scales to (width × height / 750);
 * - 3 tokens per message for the turn markers, and 346 tokens for the tool-use system prompt Anthropic adds when
 *   tools are present (its documented figure for auto/none tool choice).
 * English prose comes out close; code and non-Latin scripts are underestimated. It is an estimate, not a count.
 */
export const CHARS_PER_TOKEN = 4;
export const IMAGE_TOKENS = 1600;
export const MESSAGE_OVERHEAD_TOKENS = 3;
export const TOOLS_OVERHEAD_TOKENS = 346;

type Tally = { chars: number; fixed: number };

function text(value: unknown): number {
  return typeof value === 'string' ? value.length : 0;
}

function json(value: unknown): number {
  return value === undefined ? 0 : JSON.stringify(value).length;
}

function addBlock(block: AnthropicBlock, tally: Tally): void {
  switch (block.type) {
    case 'text':
      tally.chars += text(block.text);
      break;
    case 'thinking':
      tally.chars += text(block.thinking);
      break;
    case 'redacted_thinking':
      break;
    case 'image':
      tally.fixed += IMAGE_TOKENS;
      break;
    case 'document': {
      const source = (block.source ?? {}) as { type?: unknown; data?: unknown; content?: unknown };
      if (source.type === 'text') tally.chars += text(source.data);
      else if (source.type === 'content') addContent(source.content as AnthropicContent, tally);
      else tally.fixed += IMAGE_TOKENS;
      tally.chars += text(block.title) + text(block.context);
      break;
    }
    case 'tool_use':
      tally.chars += text(block.name) + json(block.input);
      break;
    case 'tool_result':
      addContent(block.content as AnthropicContent | undefined, tally);
      break;
    default:
      tally.chars += json(block);
  }
}

function addContent(content: AnthropicContent | null | undefined, tally: Tally): void {
  if (typeof content === 'string') tally.chars += content.length;
  else if (Array.isArray(content)) for (const block of content) addBlock(block, tally);
}

export function estimateAnthropicInputTokens(wire: AnthropicMessagesRequest): number {
  const tally: Tally = { chars: 0, fixed: 0 };
  addContent(wire.system, tally);
  const messages = wire.messages ?? [];
  for (const message of messages) addContent(message.content, tally);
  const tools = wire.tools ?? [];
  for (const tool of tools) {
    if (tool.input_schema) tally.chars += tool.name.length + text(tool.description) + json(tool.input_schema);
    else tally.chars += json(tool);
  }
  const overhead = messages.length * MESSAGE_OVERHEAD_TOKENS + (tools.length > 0 ? TOOLS_OVERHEAD_TOKENS : 0);
  return Math.ceil(tally.chars / CHARS_PER_TOKEN) + tally.fixed + overhead;
}
