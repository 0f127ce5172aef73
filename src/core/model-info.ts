import type { ReasoningEffort } from './chat-request.js';

/** Ollama's capability vocabulary (types/model/capability.go), which the OpenAI surface reuses. */
export type Capability = 'completion' | 'tools' | 'vision' | 'thinking' | 'embedding' | 'insert';

export type ModelPrice = {
  /** USD per million tokens. 0 is a real price (free). */
  input: number;
  output: number;
  cachedInput?: number;
  cacheWrite?: number;
  source: string;
  checkedAt: string;
};

/** Request parameters (canonical names) that a model rejects; providers drop them instead of failing. */
export type DroppableParam =
  | 'temperature'
  | 'topP'
  | 'topK'
  | 'presencePenalty'
  | 'frequencyPenalty'
  | 'stop'
  | 'seed'
  | 'logprobs'
  | 'logitBias'
  | 'n';

/** What the rest of the proxy knows about one model: catalog data, or defaults for a passthrough id. */
export type ModelSpec = {
  provider: string;
  /** The id the upstream knows it by. */
  id: string;
  displayName: string;
  family: string;
  kind: 'chat' | 'embedding';
  contextLength: number;
  maxOutputTokens?: number;
  embeddingLength?: number;
  capabilities: Capability[];
  price?: ModelPrice;
  unsupportedParams?: DroppableParam[];
  /** Role to send system instructions as (OpenAI reasoning models want `developer`). */
  systemRole?: 'system' | 'developer' | 'user';
  /** Accepted reasoning efforts; absent means the model takes no effort parameter. */
  reasoningEfforts?: ReasoningEffort[];
  /** Served by the provider's legacy text-completion endpoint rather than chat. */
  legacyCompletions?: boolean;
  /** Only for models from discovery (Ollama): shown in /api/tags details. */
  parameterSize?: string;
  quantization?: string;
  /** Free text shown in the admin UI (from a custom model or an override). */
  description?: string;
  /** True when the catalog does not know this id and defaults are in use. */
  passthrough?: boolean;
};

/** A model as a client sees it in a listing: its public name plus its spec. */
export type ListedModel = { name: string; spec: ModelSpec };
