import type { ResponseMetadata } from './chat-response.js';
import type { FinishReason } from './finish-reason.js';
import type { ProxyError } from './proxy-error.js';
import type { Usage } from './usage.js';

export type BlockKind =
  | { kind: 'text' }
  | { kind: 'reasoning' }
  | { kind: 'tool-call'; callId: string; name: string };

/**
 * The canonical stream. Blocks have a start and an end, so every encoder has what it needs: OpenAI streams
 * deltas by index, Ollama emits each tool call whole at block-end, Anthropic sends content_block_start/stop.
 * Block indexes are unique within one response and never reused.
 */
export type StreamEvent =
  | { type: 'start'; id: string; model: string; created: number }
  | { type: 'block-start'; index: number; block: BlockKind }
  /** Text, reasoning, or a fragment of a tool call's JSON arguments. */
  | { type: 'block-delta'; index: number; delta: string }
  | { type: 'block-end'; index: number }
  | { type: 'metadata'; metadata: ResponseMetadata }
  | { type: 'finish'; reason: FinishReason; usage: Usage }
  /** In-band failure after the stream started; always the last event. */
  | { type: 'error'; error: ProxyError };
