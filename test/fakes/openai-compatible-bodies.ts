// Response bodies and stream chunks in each vendor's dialect, for the fake OpenAI-compatible upstreams.
import { randomBytes, randomUUID } from 'node:crypto';
import type { FakeReply, FakeToolCall } from './fake-openai-compatible.js';
import { FLAVORS, type FakeFlavor } from './openai-compatible-flavors.js';

type Json = Record<string, unknown>;
type Usage = NonNullable<FakeReply['usage']>;

export const DEFAULT_USAGE: Usage = { prompt_tokens: 10, completion_tokens: 5 };

const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

function randomAlnum(n: number): string {
  const bytes = randomBytes(n);
  let s = '';
  for (const b of bytes) s += ALNUM[b % ALNUM.length];
  return s;
}

export function responseId(flavor: FakeFlavor, kind: 'chat' | 'text' | 'embedding'): string {
  switch (flavor) {
    case 'openai': return kind === 'text' ? `cmpl-${randomAlnum(29)}` : `chatcmpl-${randomAlnum(29)}`;
    case 'groq': return `chatcmpl-${randomUUID()}`;
    case 'mistral': return randomBytes(16).toString('hex');
    case 'openrouter': return `gen-${Math.floor(Date.now() / 1000)}-${randomAlnum(20)}`;
    default: return randomUUID();
  }
}

function toolCallId(flavor: FakeFlavor, index: number): string {
  switch (flavor) {
    case 'mistral': return randomAlnum(9); // Mistral's own ids: exactly 9 alphanumerics
    case 'deepseek': return `call_${index}_${randomUUID()}`;
    case 'xai': return `call_${String(randomBytes(4).readUInt32BE(0)).padStart(10, '0')}`;
    default: return `call_${randomAlnum(24)}`;
  }
}

/** Split text into up to `maxParts` non-empty pieces on code-point boundaries. */
export function splitText(text: string, maxParts: number): string[] {
  const cps = Array.from(text);
  if (cps.length === 0) return [];
  const parts = Math.min(maxParts, cps.length);
  const size = Math.ceil(cps.length / parts);
  const out: string[] = [];
  for (let i = 0; i < cps.length; i += size) out.push(cps.slice(i, i + size).join(''));
  return out;
}

/** Everything needed to render one reply. */
export type ReplyContext = {
  flavor: FakeFlavor;
  id: string;
  created: number;
  model: string;
  content: string | undefined;
  reasoning: string | undefined;
  toolCalls: Required<FakeToolCall>[];
  finishReason: string | null;
  usage: Usage;
  citations: string[];
  includeUsage: boolean;
  includeObfuscation: boolean;
};

export function makeReplyContext(flavor: FakeFlavor, reply: FakeReply, requestModel: unknown, body: Json, kind: 'chat' | 'text'): ReplyContext {
  const toolCalls = (reply.toolCalls ?? []).map((tc, i) => ({ id: tc.id ?? toolCallId(flavor, i), name: tc.name, arguments: tc.arguments }));
  const streamOptions = (body.stream_options ?? {}) as Json;
  return {
    flavor,
    id: responseId(flavor, kind),
    created: Math.floor(Date.now() / 1000),
    model: reply.model ?? (typeof requestModel === 'string' ? requestModel : 'unknown'),
    content: reply.content,
    reasoning: reply.reasoning,
    toolCalls,
    finishReason: reply.finishReason ?? (toolCalls.length > 0 ? 'tool_calls' : 'stop'),
    usage: reply.usage ?? DEFAULT_USAGE,
    citations: reply.citations ?? [],
    includeUsage: streamOptions.include_usage === true,
    includeObfuscation: streamOptions.include_obfuscation !== false,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Usage

function openRouterCost(u: Usage): number {
  return u.cost ?? Math.round(u.prompt_tokens * 2.5 + u.completion_tokens * 10) / 1_000_000;
}

export function renderUsage(flavor: FakeFlavor, u: Usage): Json {
  const base = { prompt_tokens: u.prompt_tokens, completion_tokens: u.completion_tokens, total_tokens: u.prompt_tokens + u.completion_tokens };
  const cached = u.cached_tokens;
  const reasoningTokens = u.reasoning_tokens;
  const optionalDetails: Json = {
    ...(cached !== undefined ? { prompt_tokens_details: { cached_tokens: cached } } : {}),
    ...(reasoningTokens !== undefined ? { completion_tokens_details: { reasoning_tokens: reasoningTokens } } : {}),
  };
  switch (flavor) {
    case 'openai':
      return {
        ...base,
        prompt_tokens_details: { cached_tokens: cached ?? 0, audio_tokens: 0 },
        completion_tokens_details: { reasoning_tokens: reasoningTokens ?? 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
      };
    case 'xai':
      return {
        ...base,
        prompt_tokens_details: { text_tokens: u.prompt_tokens, audio_tokens: 0, image_tokens: 0, cached_tokens: cached ?? 0 },
        completion_tokens_details: { reasoning_tokens: reasoningTokens ?? 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
        num_sources_used: 0,
      };
    case 'deepseek':
      return {
        ...base,
        prompt_tokens_details: { cached_tokens: cached ?? 0 },
        ...(reasoningTokens !== undefined ? { completion_tokens_details: { reasoning_tokens: reasoningTokens } } : {}),
        prompt_cache_hit_tokens: cached ?? 0,
        prompt_cache_miss_tokens: u.prompt_tokens - (cached ?? 0),
      };
    case 'groq':
      return {
        queue_time: 0.012, prompt_tokens: base.prompt_tokens, prompt_time: 0.002, completion_tokens: base.completion_tokens,
        completion_time: 0.01, total_tokens: base.total_tokens, total_time: 0.012, ...optionalDetails,
      };
    case 'mistral':
      return { ...base, ...optionalDetails };
    case 'perplexity': {
      const total = u.cost ?? 0.005;
      return {
        ...base, search_context_size: 'low', citation_tokens: 0, num_search_queries: 1,
        ...(reasoningTokens !== undefined ? { reasoning_tokens: reasoningTokens } : {}),
        cost: { input_tokens_cost: 0, output_tokens_cost: 0, request_cost: total, total_cost: total },
      };
    }
    case 'openrouter':
      return {
        ...base, cost: openRouterCost(u), is_byok: false,
        prompt_tokens_details: { cached_tokens: cached ?? 0, cache_write_tokens: 0, audio_tokens: 0 },
        cost_details: { upstream_inference_cost: null },
        completion_tokens_details: { reasoning_tokens: reasoningTokens ?? 0, image_tokens: 0 },
      };
  }
}

function textUsage(flavor: FakeFlavor, u: Usage): Json {
  const base = { prompt_tokens: u.prompt_tokens, completion_tokens: u.completion_tokens, total_tokens: u.prompt_tokens + u.completion_tokens };
  return flavor === 'openrouter' ? { ...base, cost: openRouterCost(u) } : base;
}

// ---------------------------------------------------------------------------------------------------------
// Chat completions

function searchResults(citations: string[]): Json[] {
  return citations.map((url, i) => ({ title: `Source ${i + 1}`, url, date: null }));
}

/** Top-level fields every body/chunk of this flavor carries besides id/object/created/model/choices. */
function envelopeExtras(ctx: ReplyContext): Json {
  switch (ctx.flavor) {
    case 'openai': return { service_tier: 'default', system_fingerprint: 'fp_fake0001' };
    case 'groq':
    case 'xai': return { system_fingerprint: 'fp_fake0001' };
    case 'deepseek': return { system_fingerprint: 'fp_fake_prod0820_fp8_kvcache' };
    case 'openrouter': return { provider: 'FakeProvider', system_fingerprint: null };
    case 'perplexity': return { citations: ctx.citations, search_results: searchResults(ctx.citations) };
    case 'mistral': return {};
  }
}

function choiceExtras(ctx: ReplyContext, finish: string | null): Json {
  if (ctx.flavor === 'mistral') return {};
  if (ctx.flavor === 'openrouter') return { logprobs: null, native_finish_reason: finish };
  return { logprobs: null };
}

function contentWithThinkTags(ctx: ReplyContext): string | undefined {
  if (FLAVORS[ctx.flavor].reasoning !== 'think-tags' || ctx.reasoning === undefined) return ctx.content;
  return `<think>${ctx.reasoning}</think>${ctx.content ?? ''}`;
}

function renderToolCall(ctx: ReplyContext, tc: Required<FakeToolCall>, index: number, streamIndex: boolean): Json {
  const withType = FLAVORS[ctx.flavor].toolCallHasType;
  return {
    ...(streamIndex || ctx.flavor === 'mistral' ? { index } : {}), // Mistral puts index on every tool call
    id: tc.id,
    ...(withType ? { type: 'function' } : {}),
    function: { name: tc.name, arguments: tc.arguments },
  };
}

export function chatCompletionBody(ctx: ReplyContext): Json {
  const spec = FLAVORS[ctx.flavor];
  let content: unknown = contentWithThinkTags(ctx) ?? (ctx.toolCalls.length > 0 ? null : '');
  const message: Json = { role: 'assistant' };
  if (ctx.reasoning !== undefined) {
    if (spec.reasoning === 'reasoning_content') message.reasoning_content = ctx.reasoning;
    if (spec.reasoning === 'reasoning') message.reasoning = ctx.reasoning;
    if (ctx.flavor === 'openrouter') message.reasoning_details = [{ type: 'reasoning.text', text: ctx.reasoning, format: 'unknown', index: 0 }];
    if (spec.reasoning === 'mistral-thinking') {
      content = [
        { type: 'thinking', thinking: [{ type: 'text', text: ctx.reasoning }] },
        ...(typeof content === 'string' && content !== '' ? [{ type: 'text', text: content }] : []),
      ];
    }
  }
  message.content = content;
  if (ctx.flavor === 'openai') Object.assign(message, { refusal: null, annotations: [] });
  if (ctx.flavor === 'openrouter') message.refusal = null;
  if (ctx.toolCalls.length > 0) message.tool_calls = ctx.toolCalls.map((tc, i) => renderToolCall(ctx, tc, i, false));
  return {
    id: ctx.id,
    object: 'chat.completion',
    created: ctx.created,
    model: ctx.model,
    ...envelopeExtras(ctx),
    choices: [{ index: 0, message, ...choiceExtras(ctx, ctx.finishReason), finish_reason: ctx.finishReason }],
    usage: renderUsage(ctx.flavor, ctx.usage),
    ...(ctx.flavor === 'groq' ? { x_groq: { id: `req_${randomAlnum(26)}` } } : {}),
  };
}

/** The data events of a chat stream, in order (no comments, no [DONE]). */
export function chatCompletionChunks(ctx: ReplyContext): Json[] {
  const spec = FLAVORS[ctx.flavor];
  const usageNull = spec.streamUsage === 'include-usage' && ctx.includeUsage;
  const groqId = `req_${randomAlnum(26)}`;
  const envelope = (choices: Json[], extra: Json = {}): Json => ({
    id: ctx.id,
    object: 'chat.completion.chunk',
    created: ctx.created,
    model: ctx.model,
    ...envelopeExtras(ctx),
    choices,
    ...(usageNull ? { usage: null } : {}),
    ...(ctx.flavor === 'openai' && ctx.includeObfuscation ? { obfuscation: randomAlnum(8) } : {}),
    ...extra,
  });
  const choice = (delta: Json, finish: string | null = null): Json => ({ index: 0, delta, ...choiceExtras(ctx, finish), finish_reason: finish });

  const chunks: Json[] = [];
  const firstDelta: Json = { role: 'assistant', content: '' };
  if (ctx.flavor === 'openai') firstDelta.refusal = null;
  chunks.push(envelope([choice(firstDelta)], ctx.flavor === 'groq' ? { x_groq: { id: groqId } } : {}));

  if (ctx.reasoning !== undefined) {
    for (const piece of splitText(ctx.reasoning, 4)) {
      switch (spec.reasoning) {
        case 'reasoning_content':
          chunks.push(envelope([choice(ctx.flavor === 'deepseek' ? { content: null, reasoning_content: piece } : { reasoning_content: piece })]));
          break;
        case 'reasoning':
          chunks.push(envelope([choice(ctx.flavor === 'openrouter'
            ? { role: 'assistant', content: '', reasoning: piece, reasoning_details: [{ type: 'reasoning.text', text: piece, format: 'unknown', index: 0 }] }
            : { reasoning: piece })]));
          break;
        case 'mistral-thinking':
          chunks.push(envelope([choice({ content: [{ type: 'thinking', thinking: [{ type: 'text', text: piece }] }] })]));
          break;
        case 'think-tags': // folded into content below
        case 'hidden': // OpenAI returns no reasoning text in chat completions
          break;
      }
    }
  }

  for (const piece of splitText(contentWithThinkTags(ctx) ?? '', 4)) chunks.push(envelope([choice({ content: piece })]));

  ctx.toolCalls.forEach((tc, i) => {
    if (spec.toolCallStreaming === 'whole') {
      chunks.push(envelope([choice({ tool_calls: [renderToolCall(ctx, tc, i, true)] })]));
      return;
    }
    chunks.push(envelope([choice({ tool_calls: [{ index: i, id: tc.id, type: 'function', function: { name: tc.name, arguments: '' } }] })]));
    const pieces = splitText(tc.arguments, 3);
    for (const piece of pieces) chunks.push(envelope([choice({ tool_calls: [{ index: i, function: { arguments: piece } }] })]));
  });

  const usage = renderUsage(ctx.flavor, ctx.usage);
  const finish = ctx.finishReason;
  switch (spec.streamUsage) {
    case 'x-groq':
      chunks.push(envelope([choice({}, finish)], { x_groq: { id: groqId, usage } }));
      break;
    case 'finish-chunk':
      chunks.push(envelope([choice(ctx.flavor === 'mistral' ? { content: '' } : {}, finish)], { usage }));
      break;
    case 'include-usage':
      chunks.push(envelope([choice({}, finish)]));
      if (ctx.includeUsage) chunks.push(envelope([], { usage }));
      break;
    case 'always-final':
      chunks.push(envelope([choice({ role: 'assistant', content: '' }, finish)]));
      chunks.push(envelope([], { usage }));
      break;
  }
  return chunks;
}

/** A mid-stream error event in the flavor's style (OpenRouter: top-level error + finish_reason "error"). */
export function streamErrorEvent(ctx: ReplyContext): Json {
  if (ctx.flavor === 'openrouter') {
    return {
      id: ctx.id, object: 'chat.completion.chunk', created: ctx.created, model: ctx.model, provider: 'FakeProvider',
      error: { code: 502, message: 'Provider returned error', metadata: { provider_name: 'FakeProvider', raw: 'upstream connection reset' } },
      choices: [{ index: 0, delta: { content: '' }, finish_reason: 'error', native_finish_reason: 'error' }],
    };
  }
  return { error: { message: 'The server had an error while processing your request.', type: 'server_error', param: null, code: null } };
}

// ---------------------------------------------------------------------------------------------------------
// Legacy text completions

export function textCompletionBody(ctx: ReplyContext): Json {
  return {
    id: ctx.id, object: 'text_completion', created: ctx.created, model: ctx.model,
    ...(ctx.flavor === 'openrouter' ? { provider: 'FakeProvider' } : {}),
    choices: [{ text: ctx.content ?? '', index: 0, logprobs: null, finish_reason: ctx.finishReason }],
    usage: textUsage(ctx.flavor, ctx.usage),
  };
}

export function textCompletionChunks(ctx: ReplyContext): Json[] {
  const usageNull = FLAVORS[ctx.flavor].streamUsage === 'include-usage' && ctx.includeUsage;
  const envelope = (choices: Json[], extra: Json = {}): Json => ({
    id: ctx.id, object: 'text_completion', created: ctx.created, model: ctx.model, choices, ...(usageNull ? { usage: null } : {}), ...extra,
  });
  const choice = (text: string, finish: string | null = null): Json => ({ text, index: 0, logprobs: null, finish_reason: finish });
  const chunks = splitText(ctx.content ?? '', 4).map((p) => envelope([choice(p)]));
  chunks.push(envelope([choice('', ctx.finishReason)]));
  if (ctx.includeUsage || ctx.flavor === 'openrouter') chunks.push(envelope([], { usage: textUsage(ctx.flavor, ctx.usage) }));
  return chunks;
}

// ---------------------------------------------------------------------------------------------------------
// Embeddings

/** Deterministic 8-dimensional vector for a text; values are float32-exact so base64 round-trips. */
export function fakeEmbedding(text: string): number[] {
  const out: number[] = [];
  for (let d = 0; d < 8; d++) {
    let h = 0x811c9dc5 ^ d;
    for (const ch of `${d}:${text}`) {
      h ^= ch.codePointAt(0) ?? 0;
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    out.push(Math.fround((h / 0xffffffff) * 2 - 1));
  }
  return out;
}

export function float32Base64(vector: number[]): string {
  const buf = Buffer.alloc(vector.length * 4);
  vector.forEach((v, i) => buf.writeFloatLE(v, i * 4));
  return buf.toString('base64');
}

function embeddingInputs(input: unknown): string[] {
  if (typeof input === 'string') return [input];
  if (!Array.isArray(input)) return [];
  if (input.every((x) => typeof x === 'number')) return [JSON.stringify(input)]; // one token array
  return input.map((x) => (typeof x === 'string' ? x : JSON.stringify(x)));
}

export function embeddingBody(flavor: FakeFlavor, body: Json): Json {
  const inputs = embeddingInputs(body.input);
  const base64 = body.encoding_format === 'base64';
  const data = inputs.map((text, index) => {
    const vector = fakeEmbedding(text);
    return { object: 'embedding', index, embedding: base64 ? float32Base64(vector) : vector };
  });
  const promptTokens = inputs.reduce((n, t) => n + Math.max(1, Math.ceil(t.length / 4)), 0);
  const usage: Json = { prompt_tokens: promptTokens, total_tokens: promptTokens };
  if (flavor === 'mistral') usage.completion_tokens = 0;
  if (flavor === 'openrouter') usage.cost = promptTokens / 10_000_000;
  return {
    ...(flavor === 'mistral' || flavor === 'openrouter' ? { id: responseId(flavor, 'embedding') } : {}),
    object: 'list', data, model: body.model, usage,
  };
}
