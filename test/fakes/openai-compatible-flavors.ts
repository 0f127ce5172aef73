// Per-vendor data and request strictness for the fake OpenAI-compatible upstreams.
// Values follow /work/shared/reference/provider-quirks.md; where that file is [UNSURE] the choice is noted here.

export type FakeFlavor = 'openai' | 'groq' | 'deepseek' | 'mistral' | 'xai' | 'perplexity' | 'openrouter';

/** A vendor-neutral error; `renderErrorBody` turns it into the flavor's own JSON shape. */
export type FakeError = {
  status: number;
  message: string;
  type?: string;
  param?: string | null;
  code?: string | number | null;
  /** Mistral 422: pydantic `detail` array, sent as `message: { detail }`. */
  detail?: unknown[];
  headers?: Record<string, string>;
};

export type ModelEntry = Record<string, unknown> & { id: string };

export type FlavorSpec = {
  /** Path prefix the vendor's SDK base URL ends with ('' = the host root). */
  basePath: string;
  /** Route (relative to basePath) for legacy text completions; null = the vendor has none (404). */
  completionsRoute: string | null;
  hasEmbeddings: boolean;
  /** null = no model list endpoint (404). */
  models: ModelEntry[] | null;
  /** true if GET models works without an API key (OpenRouter's list is public). */
  publicModels: boolean;
  /** SSE comment written before the first chunk. */
  streamPreamble: string | null;
  /** Whitespace written before a non-stream JSON body (DeepSeek under load). */
  jsonPreamble: string | null;
  /** Where reasoning text goes. */
  reasoning: 'reasoning_content' | 'reasoning' | 'mistral-thinking' | 'think-tags' | 'hidden';
  /** 'whole' = each tool call complete in one delta (Groq, xAI, Mistral); 'fragments' = OpenAI-style argument streaming. */
  toolCallStreaming: 'fragments' | 'whole';
  /** Mistral omits `type: "function"` on tool calls. */
  toolCallHasType: boolean;
  /** How usage travels on a stream. */
  streamUsage: 'include-usage' | 'x-groq' | 'finish-chunk' | 'always-final';
  errorShape: 'openai' | 'mistral' | 'openrouter';
};

const created = 1_722_000_000;

export const FLAVORS: Record<FakeFlavor, FlavorSpec> = {
  openai: {
    basePath: '/v1',
    completionsRoute: 'completions',
    hasEmbeddings: true,
    models: ['gpt-4o', 'gpt-4o-mini', 'o3-mini', 'gpt-5', 'gpt-3.5-turbo-instruct', 'text-embedding-3-small'].map((id) => ({
      id, object: 'model', created, owned_by: id.startsWith('text-') ? 'system' : 'openai',
    })),
    publicModels: false,
    streamPreamble: null,
    jsonPreamble: null,
    reasoning: 'hidden',
    toolCallStreaming: 'fragments',
    toolCallHasType: true,
    streamUsage: 'include-usage',
    errorShape: 'openai',
  },
  groq: {
    basePath: '/openai/v1',
    completionsRoute: null,
    hasEmbeddings: false,
    models: ['llama-3.3-70b-versatile', 'openai/gpt-oss-120b', 'qwen/qwen3-32b'].map((id) => ({
      id, object: 'model', created, owned_by: id.split('/')[0] === id ? 'Meta' : id.split('/')[0], active: true,
      context_window: 131072, public_apps: null,
    })),
    publicModels: false,
    streamPreamble: null,
    jsonPreamble: null,
    reasoning: 'reasoning',
    toolCallStreaming: 'whole',
    toolCallHasType: true,
    streamUsage: 'x-groq',
    errorShape: 'openai',
  },
  deepseek: {
    basePath: '',
    // DeepSeek's only text-completion endpoint is FIM under /beta (base_url https://api.deepseek.com/beta).
    completionsRoute: 'beta/completions',
    hasEmbeddings: false,
    models: ['deepseek-chat', 'deepseek-reasoner'].map((id) => ({ id, object: 'model', owned_by: 'deepseek' })),
    publicModels: false,
    streamPreamble: ': keep-alive\n\n',
    jsonPreamble: '\n\n',
    reasoning: 'reasoning_content',
    toolCallStreaming: 'fragments',
    toolCallHasType: true,
    streamUsage: 'include-usage',
    errorShape: 'openai',
  },
  mistral: {
    basePath: '/v1',
    completionsRoute: null,
    hasEmbeddings: true,
    models: ['mistral-large-latest', 'mistral-small-latest', 'magistral-medium-latest', 'mistral-embed'].map((id) => ({
      id, object: 'model', created, owned_by: 'mistralai', max_context_length: id === 'mistral-embed' ? 8192 : 131072,
      capabilities: {
        completion_chat: id !== 'mistral-embed', function_calling: id !== 'mistral-embed', completion_fim: false,
        fine_tuning: false, vision: id.startsWith('mistral-') && id !== 'mistral-embed',
      },
      type: 'base',
    })),
    publicModels: false,
    streamPreamble: null,
    jsonPreamble: null,
    reasoning: 'mistral-thinking',
    toolCallStreaming: 'whole',
    toolCallHasType: false,
    streamUsage: 'finish-chunk',
    errorShape: 'mistral',
  },
  xai: {
    basePath: '/v1',
    completionsRoute: 'completions',
    hasEmbeddings: false,
    models: ['grok-4', 'grok-3-mini', 'grok-4-fast-non-reasoning'].map((id) => ({ id, object: 'model', created, owned_by: 'xai' })),
    publicModels: false,
    streamPreamble: null,
    jsonPreamble: null,
    reasoning: 'reasoning_content',
    toolCallStreaming: 'whole',
    toolCallHasType: true,
    streamUsage: 'include-usage',
    errorShape: 'openai',
  },
  perplexity: {
    basePath: '',
    completionsRoute: null,
    hasEmbeddings: false,
    models: null,
    publicModels: false,
    streamPreamble: null,
    jsonPreamble: null,
    reasoning: 'think-tags',
    toolCallStreaming: 'fragments',
    toolCallHasType: true,
    // [UNSURE in the reference] usage rides on the final (finish) chunk.
    streamUsage: 'finish-chunk',
    errorShape: 'openai',
  },
  openrouter: {
    basePath: '/api/v1',
    completionsRoute: 'completions',
    hasEmbeddings: true,
    models: ['openai/gpt-4o', 'anthropic/claude-sonnet-4.5', 'deepseek/deepseek-r1:free'].map((id) => ({
      id, canonical_slug: id, name: id, created, description: `Fake ${id}`, context_length: 128000,
      architecture: { modality: 'text->text', input_modalities: ['text'], output_modalities: ['text'], tokenizer: 'Other', instruct_type: null },
      pricing: id.endsWith(':free')
        ? { prompt: '0', completion: '0', request: '0', image: '0' }
        : { prompt: '0.0000025', completion: '0.00001', request: '0', image: '0' },
      top_provider: { context_length: 128000, max_completion_tokens: 16384, is_moderated: false },
      per_request_limits: null,
      supported_parameters: ['tools', 'tool_choice', 'max_tokens', 'temperature', 'reasoning'],
    })),
    publicModels: true,
    streamPreamble: ': OPENROUTER PROCESSING\n\n',
    jsonPreamble: null,
    reasoning: 'reasoning',
    toolCallStreaming: 'fragments',
    toolCallHasType: true,
    streamUsage: 'always-final',
    errorShape: 'openrouter',
  },
};

function defaultErrorType(status: number): string {
  if (status === 429) return 'rate_limit_error';
  if (status >= 500) return 'server_error';
  return 'invalid_request_error';
}

/** The flavor's own error JSON. */
export function renderErrorBody(flavor: FakeFlavor, e: FakeError): unknown {
  const shape = FLAVORS[flavor].errorShape;
  if (shape === 'openrouter') {
    return { error: { code: e.status, message: e.message, ...(e.detail ? { metadata: { detail: e.detail } } : {}) } };
  }
  const type = e.type ?? defaultErrorType(e.status);
  if (shape === 'mistral') {
    return { object: 'error', message: e.detail ? { detail: e.detail } : e.message, type, param: e.param ?? null, code: e.code ?? null };
  }
  return { error: { message: e.message, type, param: e.param ?? null, code: e.code ?? null } };
}

// ---------------------------------------------------------------------------------------------------------
// Request validation (what the real vendors reject).

type Body = Record<string, unknown>;
type Message = Record<string, unknown>;

const has = (b: Body, key: string): boolean => b[key] !== undefined && b[key] !== null;

const MISTRAL_CHAT_FIELDS = new Set([
  'model', 'messages', 'temperature', 'top_p', 'max_tokens', 'stream', 'stop', 'random_seed', 'response_format', 'tools',
  'tool_choice', 'presence_penalty', 'frequency_penalty', 'n', 'prediction', 'parallel_tool_calls', 'reasoning_effort',
  'prompt_mode', 'safe_prompt',
]);
const MISTRAL_EMBEDDING_FIELDS = new Set(['model', 'input', 'output_dimension', 'output_dtype', 'encoding_format', 'metadata']);
// Per-role message fields in Mistral's request schema (extra keys are forbidden there too).
const MISTRAL_MESSAGE_FIELDS: Record<string, Set<string>> = {
  system: new Set(['role', 'content']),
  user: new Set(['role', 'content']),
  assistant: new Set(['role', 'content', 'tool_calls', 'prefix']),
  tool: new Set(['role', 'content', 'tool_call_id', 'name']),
};
const MISTRAL_TOOL_ID = /^[a-zA-Z0-9]{9}$/;

function mistralExtraForbidden(loc: (string | number)[], input: unknown): Record<string, unknown> {
  return { type: 'extra_forbidden', loc: ['body', ...loc], msg: 'Extra inputs are not permitted', input };
}

function mistral422(detail: unknown[]): FakeError {
  return { status: 422, message: 'Unprocessable Entity', type: 'invalid_request_error', detail };
}

function requireModelAndMessages(flavor: FakeFlavor, body: Body): FakeError | null {
  const missing: string[] = [];
  if (typeof body.model !== 'string' || body.model === '') missing.push('model');
  if (!Array.isArray(body.messages) || body.messages.length === 0) missing.push('messages');
  if (missing.length === 0) return null;
  if (flavor === 'mistral') {
    return mistral422(missing.map((f) => ({ type: 'missing', loc: ['body', f], msg: 'Field required', input: body })));
  }
  const field = missing[0] ?? 'messages';
  return { status: 400, message: `'${field}' is a required property and must be non-empty`, param: field, code: null };
}

function validateOpenAI(body: Body): FakeError | null {
  if (has(body, 'stream_options') && body.stream !== true) {
    return {
      status: 400, param: 'stream_options', code: 'invalid_value',
      message: "The 'stream_options' parameter is only allowed when 'stream' is enabled.",
    };
  }
  const model = String(body.model);
  if (!/^(o1|o3|o4|gpt-5)/.test(model)) return null;
  if (has(body, 'max_tokens')) {
    return {
      status: 400, param: 'max_tokens', code: 'unsupported_parameter',
      message: "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.",
    };
  }
  for (const p of ['temperature', 'top_p']) {
    if (has(body, p) && body[p] !== 1) {
      return {
        status: 400, param: p, code: 'unsupported_value',
        message: `Unsupported value: '${p}' does not support ${String(body[p])} with this model. Only the default (1) value is supported.`,
      };
    }
  }
  return null;
}

function validateGroq(body: Body): FakeError | null {
  const messages = body.messages as Message[];
  for (const [i, m] of messages.entries()) {
    if (m && typeof m === 'object' && m.name !== undefined) {
      return {
        status: 400, param: null, code: null,
        message: `'messages.${i}' : for 'role:${String(m.role)}' the following must be satisfied[('messages.${i}.name' : property 'name' is unsupported)]`,
      };
    }
  }
  for (const p of ['logprobs', 'logit_bias', 'top_logprobs']) {
    if (has(body, p)) return { status: 400, param: p, code: null, message: `'${p}' : property '${p}' is unsupported` };
  }
  if (typeof body.n === 'number' && body.n > 1) return { status: 400, param: 'n', code: null, message: "'n' : number must be at most 1" };
  return null;
}

function validateDeepSeek(body: Body): FakeError | null {
  if (body.model === 'deepseek-reasoner') {
    for (const p of ['logprobs', 'top_logprobs']) {
      if (has(body, p)) {
        return { status: 400, param: null, code: 'invalid_request_error', message: `deepseek-reasoner does not support the parameter \`${p}\`` };
      }
    }
  }
  return null;
}

function validateMistral(body: Body): FakeError | null {
  const detail: unknown[] = [];
  for (const key of Object.keys(body)) {
    if (!MISTRAL_CHAT_FIELDS.has(key)) detail.push(mistralExtraForbidden([key], body[key]));
  }
  const messages = body.messages as Message[];
  for (const [i, m] of messages.entries()) {
    const allowed = MISTRAL_MESSAGE_FIELDS[String(m?.role)];
    if (!allowed) {
      detail.push({ type: 'union_tag_invalid', loc: ['body', 'messages', i], msg: `Input tag '${String(m?.role)}' found using 'role' does not match any of the expected tags: 'assistant', 'system', 'tool', 'user'`, input: m });
      continue;
    }
    for (const key of Object.keys(m)) {
      if (!allowed.has(key)) detail.push(mistralExtraForbidden(['messages', i, String(m.role), key], m[key]));
    }
  }
  if (detail.length > 0) return mistral422(detail);

  for (const m of messages) {
    const ids: unknown[] = [];
    if (m.role === 'assistant' && Array.isArray(m.tool_calls)) {
      for (const tc of m.tool_calls as Message[]) ids.push(tc?.id);
    }
    if (m.role === 'tool') ids.push(m.tool_call_id);
    for (const id of ids) {
      if (typeof id !== 'string' || !MISTRAL_TOOL_ID.test(id)) {
        return {
          status: 400, type: 'invalid_request_message', code: '3280',
          message: `Tool call id was ${String(id)} but must be a-z, A-Z, 0-9, with a length of 9.`,
        };
      }
    }
  }
  const last = messages[messages.length - 1];
  if (last && !(last.role === 'user' || last.role === 'tool' || (last.role === 'assistant' && last.prefix === true))) {
    return {
      status: 400, type: 'invalid_request_message_order', code: '3230',
      message: `Expected last role User or Tool (or Assistant with prefix True) for serving but got ${String(last.role)}`,
    };
  }
  return null;
}

function validateXai(body: Body): FakeError | null {
  const model = String(body.model);
  const reasoningModel = /^grok-(3-mini|4|code)/.test(model) && !model.includes('non-reasoning');
  if (!reasoningModel) return null;
  const names: Record<string, string> = { presence_penalty: 'presencePenalty', frequency_penalty: 'frequencyPenalty', stop: 'stop' };
  for (const [p, wire] of Object.entries(names)) {
    if (has(body, p)) return { status: 400, param: p, code: null, message: `Argument not supported on this model: ${wire}` };
  }
  return null;
}

function validatePerplexity(body: Body): FakeError | null {
  const messages = body.messages as Message[];
  let i = 0;
  while (i < messages.length && messages[i]?.role === 'system') i++;
  const alternating = 'After the (optional) system message(s), user and assistant roles should be alternating.';
  for (let k = i; k < messages.length; k++) {
    const expected = (k - i) % 2 === 0 ? 'user' : 'assistant';
    if (messages[k]?.role !== expected) return { status: 400, type: 'invalid_message', param: null, code: 400, message: alternating };
  }
  if (messages[messages.length - 1]?.role !== 'user') {
    return { status: 400, type: 'invalid_message', param: null, code: 400, message: 'Last message must have role `user`.' };
  }
  return null;
}

/** null when the vendor would accept this chat/completions body. */
export function validateChatRequest(flavor: FakeFlavor, body: Body): FakeError | null {
  const basic = requireModelAndMessages(flavor, body);
  if (basic) return basic;
  switch (flavor) {
    case 'openai': return validateOpenAI(body);
    case 'groq': return validateGroq(body);
    case 'deepseek': return validateDeepSeek(body);
    case 'mistral': return validateMistral(body);
    case 'xai': return validateXai(body);
    case 'perplexity': return validatePerplexity(body);
    case 'openrouter': return null;
  }
}

export function validateCompletionRequest(_flavor: FakeFlavor, body: Body): FakeError | null {
  if (typeof body.model !== 'string' || body.model === '') return { status: 400, param: 'model', message: "'model' is a required property" };
  if (body.prompt === undefined || body.prompt === null) return { status: 400, param: 'prompt', message: "'prompt' is a required property" };
  return null;
}

export function validateEmbeddingRequest(flavor: FakeFlavor, body: Body): FakeError | null {
  if (flavor === 'mistral') {
    const detail = Object.keys(body).filter((k) => !MISTRAL_EMBEDDING_FIELDS.has(k)).map((k) => mistralExtraForbidden([k], body[k]));
    if (detail.length > 0) return mistral422(detail);
  }
  if (typeof body.model !== 'string' || body.model === '') return { status: 400, param: 'model', message: "'model' is a required property" };
  const input = body.input;
  const ok = typeof input === 'string' || (Array.isArray(input) && input.length > 0);
  if (!ok) return { status: 400, param: 'input', message: "'input' must be a string or a non-empty array" };
  const fmt = body.encoding_format;
  if (fmt !== undefined && fmt !== null && fmt !== 'float' && fmt !== 'base64') {
    return { status: 400, param: 'encoding_format', message: `Invalid value for 'encoding_format': ${JSON.stringify(fmt)}. Supported values are: 'float' and 'base64'.` };
  }
  return null;
}
