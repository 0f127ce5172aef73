/**
 * The Anthropic Messages wire format (POST /v1/messages), request and response. Only the fields this codec writes or
 * reads are typed; responses are read loosely (every field optional) so new block types and usage fields never break
 * decoding. Field names are the API's own. Source: anthropic-sdk-typescript `src/resources/messages/messages.ts`.
 */

export type AnthropicCacheControl = { type: 'ephemeral'; ttl?: string };

export type AnthropicTextBlock = { type: 'text'; text: string; cache_control?: AnthropicCacheControl };
export type AnthropicImageBlock = {
  type: 'image';
  source: { type: 'base64'; media_type: string; data: string } | { type: 'url'; url: string };
};
export type AnthropicToolUseBlock = { type: 'tool_use'; id: string; name: string; input: Record<string, unknown> };
export type AnthropicToolResultBlock = {
  type: 'tool_result';
  tool_use_id: string;
  content?: string | Array<AnthropicTextBlock | AnthropicImageBlock>;
  is_error?: boolean;
};
/** Must go back to the API unmodified (the signature covers the text) and in its original order. */
export type AnthropicThinkingBlock = { type: 'thinking'; thinking: string; signature: string };
export type AnthropicRedactedThinkingBlock = { type: 'redacted_thinking'; data: string };
export type AnthropicSignedThinking = AnthropicThinkingBlock | AnthropicRedactedThinkingBlock;

export type AnthropicContentBlock =
  | AnthropicTextBlock
  | AnthropicImageBlock
  | AnthropicToolUseBlock
  | AnthropicToolResultBlock
  | AnthropicThinkingBlock
  | AnthropicRedactedThinkingBlock;

export type AnthropicMessage = { role: 'user' | 'assistant'; content: AnthropicContentBlock[] };

export type AnthropicTool = {
  name: string;
  description?: string;
  input_schema: Record<string, unknown>;
  strict?: boolean;
};

export type AnthropicToolChoice =
  | { type: 'auto' | 'any'; disable_parallel_tool_use?: boolean }
  | { type: 'tool'; name: string; disable_parallel_tool_use?: boolean }
  | { type: 'none' };

export type AnthropicThinkingConfig =
  | { type: 'enabled'; budget_tokens: number; display?: 'summarized' | 'omitted' }
  | { type: 'adaptive'; display?: 'summarized' | 'omitted' }
  | { type: 'disabled' };

export type AnthropicEffort = 'low' | 'medium' | 'high' | 'xhigh' | 'max';

export type AnthropicOutputConfig = {
  effort?: AnthropicEffort;
  format?: { type: 'json_schema'; schema: Record<string, unknown> };
};

export type AnthropicMessagesBody = {
  model: string;
  max_tokens: number;
  messages: AnthropicMessage[];
  system?: string;
  stream?: boolean;
  temperature?: number;
  top_p?: number;
  top_k?: number;
  stop_sequences?: string[];
  tools?: AnthropicTool[];
  tool_choice?: AnthropicToolChoice;
  thinking?: AnthropicThinkingConfig;
  output_config?: AnthropicOutputConfig;
  metadata?: { user_id: string };
};

// ---- responses (read loosely) ----

export type AnthropicWireUsage = {
  input_tokens?: number | null;
  output_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
  cache_read_input_tokens?: number | null;
  output_tokens_details?: { thinking_tokens?: number | null } | null;
};

/** A response content block; unknown types (server tools, search results…) are skipped by the decoders. */
export type AnthropicWireBlock = {
  type?: string;
  text?: string;
  thinking?: string;
  signature?: string;
  data?: string;
  id?: string;
  name?: string;
  input?: unknown;
};

export type AnthropicWireMessage = {
  id?: string;
  type?: string;
  role?: string;
  model?: string;
  content?: AnthropicWireBlock[] | null;
  stop_reason?: string | null;
  stop_sequence?: string | null;
  usage?: AnthropicWireUsage | null;
};

export type AnthropicWireError = { type?: string; message?: unknown };

/** The error body of every non-2xx answer, and the data of an in-stream `event: error`. */
export type AnthropicWireErrorBody = { type?: string; error?: AnthropicWireError; request_id?: string };

export type AnthropicWireDelta = {
  type?: string;
  text?: string;
  thinking?: string;
  signature?: string;
  partial_json?: string;
  stop_reason?: string | null;
  stop_sequence?: string | null;
};

/** One SSE event's data (`type` repeats the `event:` name). */
export type AnthropicStreamEvent = {
  type?: string;
  message?: AnthropicWireMessage;
  index?: number;
  content_block?: AnthropicWireBlock;
  delta?: AnthropicWireDelta;
  usage?: AnthropicWireUsage | null;
  error?: AnthropicWireError;
};
