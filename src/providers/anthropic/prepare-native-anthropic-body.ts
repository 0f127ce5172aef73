import type { DroppableParam, ModelSpec } from '../../core/model-info.js';
import { applyThinkingLayout, isSignedThinking } from './apply-thinking-layout.js';
import type { AnthropicContentBlock } from './anthropic-wire.js';
import type { ThinkingMemory } from './thinking-memory.js';

/** Body fields that a catalog flag can drop. */
const DROPPABLE_FIELDS: ReadonlyArray<[string, DroppableParam]> = [
  ['temperature', 'temperature'],
  ['top_p', 'topP'],
  ['top_k', 'topK'],
  ['stop_sequences', 'stop'],
];

/**
 * Same-dialect passthrough: the Anthropic body a client sent, on its way to Anthropic. Everything is kept
 * (cache_control, thinking, metadata, betas' fields…) except what routing must change:
 * - `model` becomes the upstream id, `stream` matches the call;
 * - sampling fields the catalog says the model rejects are dropped (a 400 otherwise);
 * - thinking that lost its signature on the way through our canonical model is replaced by the signed blocks we
 *   remembered for that turn's tool calls, or left out (the API rejects unsigned thinking; thinking from earlier
 *   turns is optional).
 */
export function prepareNativeAnthropicBody(
  native: Record<string, unknown>,
  model: ModelSpec,
  stream: boolean,
  memory?: ThinkingMemory,
): Record<string, unknown> {
  const body: Record<string, unknown> = { ...native, model: model.id };
  if (stream) body.stream = true;
  else delete body.stream;
  const drop = new Set(model.unsupportedParams ?? []);
  for (const [field, param] of DROPPABLE_FIELDS) {
    if (drop.has(param)) delete body[field];
  }
  if (Array.isArray(body.messages)) body.messages = body.messages.map((message: unknown) => restoreThinking(message, model.id, memory));
  return body;
}

function restoreThinking(message: unknown, model: string, memory: ThinkingMemory | undefined): unknown {
  if (typeof message !== 'object' || message === null) return message;
  const { role, content } = message as { role?: unknown; content?: unknown };
  if (role !== 'assistant' || !Array.isArray(content)) return message;
  const blocks = content as Array<{ type?: unknown; id?: unknown; signature?: unknown; data?: unknown }>;
  const isThinking = (block: { type?: unknown }) => block.type === 'thinking' || block.type === 'redacted_thinking';
  const thinking = blocks.filter(isThinking);
  if (thinking.length > 0 && thinking.every(isSignedThinking)) return message;

  let restored = blocks.filter((block) => !isThinking(block)) as AnthropicContentBlock[];
  for (const block of restored) {
    if (block.type !== 'tool_use' || !memory) continue;
    const layout = memory.recall(model, block.id);
    if (layout) {
      restored = applyThinkingLayout(restored, layout);
      break;
    }
  }
  if (restored.length === blocks.length && thinking.length === 0) return message;
  return { ...(message as Record<string, unknown>), content: restored };
}
