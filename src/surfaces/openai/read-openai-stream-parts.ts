import type { ResponseMetadata } from '../../core/chat-response.js';
import type { FinishReason } from '../../core/finish-reason.js';
import { ProxyError } from '../../core/proxy-error.js';
import type { StreamEvent } from '../../core/stream-event.js';
import type { Usage } from '../../core/usage.js';
import { toProxyError } from '../../util/to-proxy-error.js';

/** What an OpenAI stream chunk can carry, independent of the chat/completions framing. */
export type OpenAIStreamPart =
  | { kind: 'start'; id: string; created: number; model: string }
  | { kind: 'text'; text: string }
  | { kind: 'reasoning'; text: string }
  /** `toolIndex` counts tool calls from 0 in the order they start (OpenAI's `tool_calls[].index`). */
  | { kind: 'tool-start'; toolIndex: number; id: string; name: string }
  | { kind: 'tool-delta'; toolIndex: number; fragment: string }
  | { kind: 'metadata'; metadata: ResponseMetadata }
  | { kind: 'finish'; reason: FinishReason; usage: Usage }
  | { kind: 'error'; error: ProxyError };

type Block = { kind: 'text' } | { kind: 'reasoning' } | { kind: 'tool-call'; toolIndex: number };

export const UNEXPECTED_END = 'upstream stream ended unexpectedly';

/**
 * Canonical events → OpenAI stream parts. Empty deltas are dropped. The last part is always `finish` or `error`,
 * and this generator never throws: an exception from the event source becomes an `error` part.
 */
export async function* readOpenAIStreamParts(events: AsyncIterable<StreamEvent>): AsyncGenerator<OpenAIStreamPart> {
  const blocks = new Map<number, Block>();
  let toolCount = 0;
  try {
    for await (const event of events) {
      switch (event.type) {
        case 'start':
          yield { kind: 'start', id: event.id, created: event.created, model: event.model };
          break;
        case 'block-start':
          if (event.block.kind === 'tool-call') {
            const toolIndex = toolCount++;
            blocks.set(event.index, { kind: 'tool-call', toolIndex });
            yield { kind: 'tool-start', toolIndex, id: event.block.callId, name: event.block.name };
          } else {
            blocks.set(event.index, { kind: event.block.kind });
          }
          break;
        case 'block-delta': {
          if (event.delta === '') break;
          const block = blocks.get(event.index) ?? { kind: 'text' };
          if (block.kind === 'tool-call') yield { kind: 'tool-delta', toolIndex: block.toolIndex, fragment: event.delta };
          else yield { kind: block.kind, text: event.delta };
          break;
        }
        case 'block-end':
          break;
        case 'metadata':
          yield { kind: 'metadata', metadata: event.metadata };
          break;
        case 'finish':
          yield { kind: 'finish', reason: event.reason, usage: event.usage };
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
