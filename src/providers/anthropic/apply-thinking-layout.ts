import type { AnthropicContentBlock, AnthropicSignedThinking } from './anthropic-wire.js';
import type { ThinkingLayoutItem } from './thinking-memory.js';

/**
 * Puts remembered signed thinking back into an assistant turn that lost it, in the original order: the thinking
 * that opened the turn goes first (the API requires a tool-use turn to start with it), thinking the model did between
 * two tool calls goes right before the call that followed it. `blocks` must hold no thinking of its own.
 */
export function applyThinkingLayout(blocks: AnthropicContentBlock[], layout: readonly ThinkingLayoutItem[]): AnthropicContentBlock[] {
  const leading: AnthropicSignedThinking[] = [];
  const beforeCall = new Map<string, AnthropicSignedThinking[]>();
  let pending: AnthropicSignedThinking[] = [];
  let sawCall = false;
  for (const item of layout) {
    if (item.type !== 'tool_use') {
      pending.push(item);
      continue;
    }
    if (sawCall) beforeCall.set(item.id, pending);
    else leading.push(...pending);
    sawCall = true;
    pending = [];
  }
  const trailing = sawCall ? pending : [];
  if (!sawCall) leading.push(...pending);

  const out: AnthropicContentBlock[] = [...leading];
  for (const block of blocks) {
    if (block.type === 'tool_use') out.push(...(beforeCall.get(block.id) ?? []));
    out.push(block);
  }
  out.push(...trailing);
  return out;
}

/** True when a block is thinking that can go back to the API as it is (a non-empty signature or redacted data). */
export function isSignedThinking(block: { type?: unknown; signature?: unknown; data?: unknown }): boolean {
  if (block.type === 'thinking') return typeof block.signature === 'string' && block.signature !== '';
  if (block.type === 'redacted_thinking') return typeof block.data === 'string' && block.data !== '';
  return false;
}
