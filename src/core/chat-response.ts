import type { ToolCall } from './chat-request.js';
import type { FinishReason } from './finish-reason.js';
import type { Usage } from './usage.js';

/** Extra, provider-specific results that some clients understand (Perplexity's sources). */
export type ResponseMetadata = {
  citations?: string[];
  searchResults?: unknown[];
};

export type ChatResponse = {
  /** The upstream's response id, or one we made up. */
  id: string;
  /** The model the upstream says answered (may be a dated snapshot of the requested one). */
  model: string;
  /** Unix seconds. */
  created: number;
  content: string;
  reasoning?: string;
  toolCalls: ToolCall[];
  finishReason: FinishReason;
  usage: Usage;
  metadata?: ResponseMetadata;
};

export type EmbedResponse = {
  model: string;
  vectors: number[][];
  usage: { inputTokens?: number };
};
