import type { ChatRequest } from '../../../core/chat-request.js';
import type { ModelSpec } from '../../../core/model-info.js';
import type { ReasoningMemory } from '../reasoning-memory.js';

/** One outgoing chat message in OpenAI's wire shape (what we send). */
export type OutgoingMessage = {
  role: string;
  content: string | null | Array<Record<string, unknown>>;
  tool_calls?: Array<{ id: string; type: 'function'; function: { name: string; arguments: string } }>;
  tool_call_id?: string;
  reasoning_content?: string;
};

/**
 * How one OpenAI-compatible vendor differs from OpenAI. Data where data can say it; a function only where it can't.
 * Values are checked against shared/reference/provider-quirks.md.
 */
export type OpenAICompatibleQuirks = {
  /** Which field carries the output limit (OpenAI reasoning models reject max_tokens; Mistral rejects the other). */
  maxTokensField: 'max_tokens' | 'max_completion_tokens';
  seedField: 'seed' | 'random_seed';
  /** Send `stream_options: {include_usage: true}`; false where the request schema forbids it (Mistral, Groq). */
  streamOptions: boolean;
  /** `tool_choice: "required"` is spelled `any` by Mistral. */
  requiredToolChoice: 'required' | 'any';
  /** Passthrough request fields (OpenAI names) this vendor accepts; 'all' forwards everything. */
  passthroughAllowed: 'all' | ReadonlySet<string>;
  sendUser: boolean;
  /** Has `{base}/embeddings`. */
  embeddings: boolean;
  /** Has `{base}/completions` for legacy text-completion models. */
  legacyCompletions: boolean;
  extraHeaders?: Record<string, string>;
  /** Reasoning arrives as `<think>…</think>` inside content (Perplexity sonar-reasoning). */
  thinkTagsInContent?: boolean;
  /** Assistant `reasoning_content` may be sent back in the history (DeepSeek); stripped for everyone else. */
  reasoningContentInHistory?: boolean;
  /** Keeps reasoning that came with tool calls, to send it back when the client dropped it (DeepSeek). */
  reasoningMemory?: ReasoningMemory;
  /** Body fields for the reasoning setting; default: `reasoning_effort` when the model accepts efforts. */
  encodeReasoning?: (request: ChatRequest, model: ModelSpec, body: Record<string, unknown>) => void;
  /** Last pass over outgoing messages (role alternation, id rewriting, reasoning_content rules). */
  finishMessages?: (messages: OutgoingMessage[]) => OutgoingMessage[];
};
