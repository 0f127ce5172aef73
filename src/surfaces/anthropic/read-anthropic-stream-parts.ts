import type { FinishReason } from '../../core/finish-reason.js';
import { ProxyError } from '../../core/proxy-error.js';
import type { BlockKind, StreamEvent } from '../../core/stream-event.js';
import type { Usage } from '../../core/usage.js';
import { toProxyError } from '../../util/to-proxy-error.js';

/**
 * What an Anthropic stream is made of, with blocks already in wire order: `index` is the position in the final
 * `content` array, and each block goes start → deltas → stop before the next one starts.
 */
export type AnthropicStreamPart =
  | { kind: 'start'; id: string; model: string }
  | { kind: 'block-start'; index: number; block: BlockKind }
  | { kind: 'block-delta'; index: number; block: BlockKind; delta: string }
  | { kind: 'block-stop'; index: number }
  | { kind: 'finish'; reason: FinishReason; usage: Usage; sawToolCall: boolean }
  | { kind: 'error'; error: ProxyError };

export const UNEXPECTED_END = 'upstream stream ended unexpectedly';

type BlockState = {
  block: BlockKind;
  /** Deltas held back while another block is on the wire. */
  held: string[];
  /** Ready to go on the wire: tool calls at once, text and reasoning at their first non-empty delta. */
  ready: boolean;
  ended: boolean;
};

/**
 * Canonical events → Anthropic stream parts. Anthropic blocks never interleave, but canonical ones may (an OpenAI
 * upstream streams parallel tool calls side by side), so a block that becomes ready while another is on the wire is
 * queued with its deltas held, and goes out when the current one stops. A block that is alone (the usual case)
 * streams each delta as it arrives. Text and reasoning blocks without any text are never sent (Anthropic rejects
 * empty text blocks when a client sends the history back). The last part is always `finish` or `error`; this
 * generator never throws.
 */
export async function* readAnthropicStreamParts(events: AsyncIterable<StreamEvent>): AsyncGenerator<AnthropicStreamPart> {
  const blocks = new Map<number, BlockState>();
  const queue: number[] = [];
  let current: { source: number; index: number } | undefined;
  let nextIndex = 0;
  let sawToolCall = false;

  /** Puts a ready block on the wire: start, what it held, and its stop if it has already ended. */
  function* send(source: number): Generator<AnthropicStreamPart> {
    const state = blocks.get(source)!;
    const index = nextIndex++;
    if (state.block.kind === 'tool-call') sawToolCall = true;
    yield { kind: 'block-start', index, block: state.block };
    if (state.held.length > 0) yield { kind: 'block-delta', index, block: state.block, delta: state.held.join('') };
    state.held = [];
    if (state.ended) {
      blocks.delete(source);
      yield { kind: 'block-stop', index };
    } else {
      current = { source, index };
    }
  }

  function* drain(): Generator<AnthropicStreamPart> {
    while (current === undefined && queue.length > 0) yield* send(queue.shift()!);
  }

  function* markReady(source: number, state: BlockState): Generator<AnthropicStreamPart> {
    state.ready = true;
    if (current === undefined) yield* send(source);
    else queue.push(source);
  }

  function* closeAll(): Generator<AnthropicStreamPart> {
    if (current !== undefined) {
      blocks.delete(current.source);
      yield { kind: 'block-stop', index: current.index };
      current = undefined;
    }
    for (const source of queue) blocks.get(source)!.ended = true;
    yield* drain();
  }

  try {
    for await (const event of events) {
      switch (event.type) {
        case 'start':
          yield { kind: 'start', id: event.id, model: event.model };
          break;
        case 'block-start': {
          const state: BlockState = { block: event.block, held: [], ready: false, ended: false };
          blocks.set(event.index, state);
          if (event.block.kind === 'tool-call') yield* markReady(event.index, state);
          break;
        }
        case 'block-delta': {
          if (event.delta === '') break;
          let state = blocks.get(event.index);
          if (!state) {
            // A delta without a block-start: text, as the other surfaces read it.
            state = { block: { kind: 'text' }, held: [], ready: false, ended: false };
            blocks.set(event.index, state);
          }
          if (current?.source === event.index) {
            yield { kind: 'block-delta', index: current.index, block: state.block, delta: event.delta };
            break;
          }
          state.held.push(event.delta);
          if (!state.ready) yield* markReady(event.index, state);
          break;
        }
        case 'block-end': {
          const state = blocks.get(event.index);
          if (!state) break;
          if (current?.source === event.index) {
            blocks.delete(event.index);
            yield { kind: 'block-stop', index: current.index };
            current = undefined;
            yield* drain();
          } else if (state.ready) {
            state.ended = true;
          } else {
            blocks.delete(event.index);
          }
          break;
        }
        case 'metadata':
          // Anthropic's shape has no place for another provider's citations.
          break;
        case 'finish':
          yield* closeAll();
          yield { kind: 'finish', reason: event.reason, usage: event.usage, sawToolCall };
          return;
        case 'error':
          yield { kind: 'error', error: event.error };
          return;
        default: {
          const unreachable: never = event;
          void unreachable;
        }
      }
    }
    yield { kind: 'error', error: new ProxyError('upstream_protocol', UNEXPECTED_END) };
  } catch (error) {
    yield { kind: 'error', error: toProxyError(error) };
  }
}
