import { ProxyError } from '../../core/proxy-error.js';
import type { StreamEvent } from '../../core/stream-event.js';
import { randomId } from '../../util/ids.js';
import type { SseMessage } from '../../util/sse.js';
import type { AnthropicStreamEvent, AnthropicWireBlock, AnthropicWireUsage } from './anthropic-wire.js';
import { convertAnthropicUsage, mergeAnthropicUsage } from './convert-anthropic-usage.js';
import { mapAnthropicStopReason } from './map-anthropic-stop-reason.js';
import { parseAnthropicStreamError } from './parse-anthropic-error.js';
import { readFailure } from '../http/read-upstream-body.js';
import type { ThinkingLayoutItem } from './thinking-memory.js';

export type AnthropicStreamContext = {
  provider: string;
  /** The upstream model id we asked for (used when message_start names none). */
  model: string;
  /** Called once, before `finish`, with the turn's signed thinking and tool calls in order. */
  onThinkingLayout?: (layout: ThinkingLayoutItem[]) => void;
};

/** An open content block: its canonical index, or none for blocks we do not surface (redacted thinking, server tools). */
type OpenBlock =
  | { kind: 'text'; index: number }
  | { kind: 'reasoning'; index: number; thinking: string; signature: string }
  | { kind: 'tool-call'; index: number; id: string; input: unknown; sawDelta: boolean }
  | { kind: 'hidden' };

/**
 * Anthropic SSE (message_start, content_block_start/delta/stop, message_delta, message_stop, ping, error) →
 * canonical events, as they arrive. Wire block indexes are mapped to our own so that skipped blocks leave no gaps and
 * indexes stay unique. Usage: input from message_start, cumulative counts from message_delta. A stream that ends
 * before message_stop, an `event: error` or a read failure ends with an `error` event; this generator never throws.
 */
export async function* decodeAnthropicStream(messages: AsyncIterable<SseMessage>, context: AnthropicStreamContext): AsyncGenerator<StreamEvent> {
  let started = false;
  let nextIndex = 0;
  const open = new Map<number, OpenBlock>();
  const layout: ThinkingLayoutItem[] = [];
  let wireUsage: AnthropicWireUsage = {};
  let stopReason: string | null | undefined;
  let finished = false;

  const start = (id?: string, model?: string): StreamEvent => {
    started = true;
    return { type: 'start', id: id ?? randomId('msg_'), model: model ?? context.model, created: Math.floor(Date.now() / 1000) };
  };

  try {
    for await (const message of messages) {
      if (finished) continue; // read to the end so the connection can be reused
      const data = JSON.parse(message.data) as AnthropicStreamEvent;
      const type = message.event ?? data.type;
      switch (type) {
        case 'message_start':
          if (!started) yield start(data.message?.id, data.message?.model);
          if (data.message?.usage) wireUsage = mergeAnthropicUsage(wireUsage, data.message.usage);
          break;
        case 'content_block_start': {
          if (!started) yield start();
          const block = data.content_block ?? {};
          const opened = openBlock(block, () => nextIndex++);
          open.set(data.index ?? -1, opened);
          if (opened.kind === 'hidden') {
            if (block.type === 'redacted_thinking' && typeof block.data === 'string') layout.push({ type: 'redacted_thinking', data: block.data });
            break;
          }
          yield { type: 'block-start', index: opened.index, block: opened.kind === 'tool-call' ? { kind: 'tool-call', callId: opened.id, name: block.name ?? '' } : { kind: opened.kind } };
          const initial = opened.kind === 'text' ? block.text : opened.kind === 'reasoning' ? block.thinking : undefined;
          if (initial) {
            if (opened.kind === 'reasoning') opened.thinking += initial;
            yield { type: 'block-delta', index: opened.index, delta: initial };
          }
          break;
        }
        case 'content_block_delta': {
          const block = open.get(data.index ?? -1);
          const delta = data.delta ?? {};
          if (!block || block.kind === 'hidden') break;
          if (block.kind === 'text' && delta.type === 'text_delta' && delta.text) {
            yield { type: 'block-delta', index: block.index, delta: delta.text };
          } else if (block.kind === 'reasoning' && delta.type === 'thinking_delta' && delta.thinking) {
            block.thinking += delta.thinking;
            yield { type: 'block-delta', index: block.index, delta: delta.thinking };
          } else if (block.kind === 'reasoning' && delta.type === 'signature_delta' && delta.signature) {
            block.signature += delta.signature;
          } else if (block.kind === 'tool-call' && delta.type === 'input_json_delta' && delta.partial_json) {
            block.sawDelta = true;
            yield { type: 'block-delta', index: block.index, delta: delta.partial_json };
          }
          break;
        }
        case 'content_block_stop': {
          const block = open.get(data.index ?? -1);
          open.delete(data.index ?? -1);
          if (block) yield* closeBlock(block, layout);
          break;
        }
        case 'message_delta':
          if (data.delta?.stop_reason) stopReason = data.delta.stop_reason;
          if (data.usage) wireUsage = mergeAnthropicUsage(wireUsage, data.usage);
          break;
        case 'message_stop':
          if (!started) yield start();
          for (const block of open.values()) yield* closeBlock(block, layout);
          open.clear();
          context.onThinkingLayout?.(layout);
          finished = true;
          yield { type: 'finish', reason: mapAnthropicStopReason(stopReason), usage: convertAnthropicUsage(wireUsage) };
          break;
        case 'error':
          yield { type: 'error', error: parseAnthropicStreamError(context.provider, data.error) };
          return;
        default:
          // ping, and event types added after this was written.
          break;
      }
    }
  } catch (error) {
    // After message_stop the answer is complete; a connection that fails while we drain it changes nothing.
    if (!finished) yield { type: 'error', error: readFailure(error, context.provider) };
    return;
  }
  if (!finished) {
    yield { type: 'error', error: new ProxyError('upstream_protocol', `${context.provider} stream ended before message_stop`, { provider: context.provider }) };
  }
}

function openBlock(block: AnthropicWireBlock, takeIndex: () => number): OpenBlock {
  switch (block.type) {
    case 'text':
      return { kind: 'text', index: takeIndex() };
    case 'thinking':
      return { kind: 'reasoning', index: takeIndex(), thinking: '', signature: typeof block.signature === 'string' ? block.signature : '' };
    case 'tool_use':
      return { kind: 'tool-call', index: takeIndex(), id: block.id ?? randomId('toolu_'), input: block.input, sawDelta: false };
    default:
      return { kind: 'hidden' };
  }
}

function* closeBlock(block: OpenBlock, layout: ThinkingLayoutItem[]): Generator<StreamEvent> {
  switch (block.kind) {
    case 'hidden':
      return;
    case 'reasoning':
      if (block.signature !== '') layout.push({ type: 'thinking', thinking: block.thinking, signature: block.signature });
      break;
    case 'tool-call':
      // A call without arguments may send no delta at all; its input is then the one in content_block_start.
      if (!block.sawDelta) yield { type: 'block-delta', index: block.index, delta: JSON.stringify(block.input ?? {}) };
      layout.push({ type: 'tool_use', id: block.id });
      break;
    case 'text':
      break;
  }
  yield { type: 'block-end', index: block.index };
}
