/**
 * The canonical chat request. Every surface decodes into it, every provider encodes from it.
 * Fields are camelCase; wire dialects keep their own names inside their codecs.
 */

export type TextPart = { type: 'text'; text: string };
/** Image bytes as base64 (no data: prefix) with a sniffed or declared media type, or a remote URL. */
export type ImagePart =
  | { type: 'image'; source: 'base64'; mediaType: string; data: string }
  | { type: 'image'; source: 'url'; url: string };
export type ContentPart = TextPart | ImagePart;

export type ToolCall = {
  id: string;
  name: string;
  /** The arguments as JSON text, exactly as the model produced them (OpenAI's form). */
  argumentsJson: string;
};

export type SystemMessage = { role: 'system'; content: string };
export type UserMessage = { role: 'user'; content: ContentPart[] };
export type AssistantMessage = {
  role: 'assistant';
  content: string;
  /** Reasoning text a client sent back (DeepSeek needs it within a tool-calling turn). */
  reasoning?: string;
  toolCalls?: ToolCall[];
};
export type ToolMessage = {
  role: 'tool';
  /** Present when the client sent it (OpenAI always; Ollama >= 0.12.10). */
  toolCallId?: string;
  /** Present when the client sent it (Ollama `tool_name`) or when we could infer it. */
  toolName?: string;
  content: string;
};
export type Message = SystemMessage | UserMessage | AssistantMessage | ToolMessage;

export type ToolDefinition = {
  name: string;
  description?: string;
  /** JSON Schema object for the arguments. */
  parameters: Record<string, unknown>;
  strict?: boolean;
};

export type ToolChoice = 'auto' | 'none' | 'required' | { name: string };

export type ResponseFormat =
  | { type: 'text' }
  | { type: 'json' }
  | { type: 'json-schema'; schema: Record<string, unknown>; name?: string; strict?: boolean };

export type ReasoningEffort = 'none' | 'minimal' | 'low' | 'medium' | 'high' | 'xhigh' | 'max';

export type ChatRequest = {
  /** The model id to send upstream (already resolved by the catalog). */
  model: string;
  messages: Message[];
  stream: boolean;
  tools?: ToolDefinition[];
  toolChoice?: ToolChoice;
  parallelToolCalls?: boolean;
  responseFormat?: ResponseFormat;
  /** Upper bound on generated tokens (visible + reasoning), if the client set one. */
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  topK?: number;
  stop?: string[];
  seed?: number;
  presencePenalty?: number;
  frequencyPenalty?: number;
  /**
   * Reasoning: `false` turns it off where the provider allows; an effort asks for reasoning at that level;
   * `true` asks for the provider's default. Undefined leaves the provider's default alone.
   */
  reasoning?: boolean | ReasoningEffort;
  /** Number of choices; only 1 is supported by the surfaces today. */
  n?: number;
  /** End-user id for abuse monitoring, passed on where the provider accepts it. */
  user?: string;
  /**
   * Set by the legacy completion surfaces (`/v1/completions`, `/api/generate`): the raw prompt, so that a
   * provider with a native text-completion endpoint can use it. `messages` always holds the chat form too.
   */
  prompt?: { text: string; suffix?: string };
  /**
   * OpenAI-dialect request fields we do not model (logprobs, logit_bias, service_tier, metadata…). Each provider
   * forwards only those its quirks allow, so a strict upstream never sees an unknown key.
   */
  passthrough?: Record<string, unknown>;
  /**
   * The client's original body, when it spoke a provider's own dialect (Anthropic Messages, Ollama chat/generate).
   * A provider of that same dialect sends this body on with only `model` (and what routing must change) replaced,
   * so nothing the client sent is lost (cache_control, keep_alive, options…). Every other provider ignores it.
   */
  native?: NativeRequest;
};

export type NativeRequest = {
  dialect: 'anthropic-messages' | 'ollama-chat' | 'ollama-generate';
  body: Record<string, unknown>;
  /**
   * Request headers that belong to the body's meaning and go on with it (Anthropic `anthropic-beta`, which switches
   * on beta fields the body may use). Lower-case names; never credentials: the provider sends its own.
   */
  headers?: Record<string, string>;
};

export type EmbedRequest = {
  model: string;
  inputs: string[];
  dimensions?: number;
  user?: string;
};
