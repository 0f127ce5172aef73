import type { StreamEvent } from '../../core/stream-event.js';
import { toProxyError } from '../../util/to-proxy-error.js';
import { encodeOllamaDoneReason } from './encode-ollama-done-reason.js';
import { encodeOllamaMetrics } from './encode-ollama-metrics.js';
import { encodeOllamaToolCall } from './encode-ollama-tool-calls.js';
import type { OllamaClock } from './ollama-clock.js';
import type { OllamaMetrics, OllamaToolCall } from './ollama-wire.js';

/** What an Ollama stream line can carry, independent of the chat/generate framing. */
export type OllamaStreamPart =
  | { kind: 'content'; text: string }
  | { kind: 'thinking'; text: string }
  | { kind: 'tool-call'; call: OllamaToolCall }
  | { kind: 'done'; doneReason: 'stop' | 'length'; metrics: OllamaMetrics }
  | { kind: 'error'; message: string };

export type OllamaStreamOptions = {
  /** The client's model string, echoed on every line. */
  model: string;
  /** True when the client sent `think: false`: reasoning that arrives anyway is dropped. */
  dropReasoning: boolean;
  /** When the request arrived (clock.nowNs()). */
  startNs: bigint;
  clock: OllamaClock;
};

type OpenBlock = { kind: 'text' } | { kind: 'reasoning' } | { kind: 'tool-call'; callId: string; name: string; args: string };

export const UNEXPECTED_END = 'upstream stream ended unexpectedly';

/**
 * Canonical events → Ollama stream parts. Tool calls are emitted whole when their block ends (Ollama never streams
 * arguments). The last part is always `done` or `error`, and this generator never throws: an exception from the
 * event source becomes an `error` part.
 */
export async function* readOllamaStreamParts(
  events: AsyncIterable<StreamEvent>,
  options: Omit<OllamaStreamOptions, 'model'>,
): AsyncGenerator<OllamaStreamPart> {
  const blocks = new Map<number, OpenBlock>();
  let toolIndex = 0;
  let firstDeltaNs: bigint | undefined;

  const closeToolCall = (block: Extract<OpenBlock, { kind: 'tool-call' }>): OllamaStreamPart => ({
    kind: 'tool-call',
    call: encodeOllamaToolCall({ id: block.callId, name: block.name, argumentsJson: block.args }, toolIndex++),
  });

  try {
    for await (const event of events) {
      switch (event.type) {
        case 'block-start':
          blocks.set(
            event.index,
            event.block.kind === 'tool-call'
              ? { kind: 'tool-call', callId: event.block.callId, name: event.block.name, args: '' }
              : { kind: event.block.kind },
          );
          break;
        case 'block-delta': {
          firstDeltaNs ??= options.clock.nowNs();
          const block = blocks.get(event.index) ?? { kind: 'text' };
          if (block.kind === 'tool-call') block.args += event.delta;
          else if (event.delta === '') break;
          else if (block.kind === 'text') yield { kind: 'content', text: event.delta };
          else if (!options.dropReasoning) yield { kind: 'thinking', text: event.delta };
          break;
        }
        case 'block-end': {
          const block = blocks.get(event.index);
          blocks.delete(event.index);
          if (block?.kind === 'tool-call') yield closeToolCall(block);
          break;
        }
        case 'finish': {
          for (const block of blocks.values()) if (block.kind === 'tool-call') yield closeToolCall(block);
          const timing = { startNs: options.startNs, endNs: options.clock.nowNs() };
          const metrics = encodeOllamaMetrics(event.usage, firstDeltaNs === undefined ? timing : { ...timing, firstDeltaNs });
          yield { kind: 'done', doneReason: encodeOllamaDoneReason(event.reason), metrics };
          return;
        }
        case 'error':
          yield { kind: 'error', message: event.error.message };
          return;
        case 'start':
        case 'metadata':
          break;
        default: {
          const unreachable: never = event;
          void unreachable;
        }
      }
    }
    yield { kind: 'error', message: UNEXPECTED_END };
  } catch (error) {
    yield { kind: 'error', message: toProxyError(error).message };
  }
}
