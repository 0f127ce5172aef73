// Response bodies of the fake Gemini upstream: the non-stream GenerateContentResponse, its SSE chunk sequence, errors,
// embeddings and the model list, shaped like the real API's (shared/reference/gemini-api.md §3-§7).
import { createHash, randomBytes } from 'node:crypto';
import { isGemini3 } from './fake-gemini-validation.js';

export type FakeGeminiFunctionCall = {
  name: string;
  args?: Record<string, unknown>;
  /** The Gemini API rarely sets call ids; give one to test that path. */
  id?: string;
  /** Sent on this call's part. Default: a fresh one on the first call of a gemini-3* answer; `null` sends none. */
  thoughtSignature?: string | null;
};

export type FakeGeminiUsage = {
  promptTokenCount?: number;
  candidatesTokenCount?: number;
  thoughtsTokenCount?: number;
  cachedContentTokenCount?: number;
};

export type FakeGeminiReply = {
  /** Streamed in up to 4 chunks. */
  content?: string;
  /** Thought summary; sent (as `thought: true` parts, 2 chunks) only when the request set `includeThoughts`. */
  thoughts?: string;
  /** Each call whole in one part (one chunk when streaming), after the text. */
  functionCalls?: FakeGeminiFunctionCall[];
  /** Default STOP (also after function calls, as the real API says). */
  finishReason?: string;
  /** Sent with the finish when the reason is not STOP. */
  finishMessage?: string;
  usage?: FakeGeminiUsage;
  /** Block the prompt: no candidates, only `promptFeedback.blockReason`. */
  blockReason?: string;
  /** Echoed as `modelVersion`; default the requested model. */
  modelVersion?: string;
  /** Signature on the last text part. Default: a fresh one for gemini-3* answers without calls; `null` sends none. */
  textSignature?: string | null;
};

/** A reply with every default filled in, for one request. */
export type ResolvedGeminiReply = {
  model: string;
  responseId: string;
  content: string;
  thoughts: string | undefined;
  includeThoughts: boolean;
  functionCalls: Array<{ name: string; args: Record<string, unknown>; id?: string; thoughtSignature?: string }>;
  finishReason: string;
  finishMessage: string | undefined;
  textSignature: string | undefined;
  usage: Required<Pick<FakeGeminiUsage, 'promptTokenCount' | 'candidatesTokenCount'>> & FakeGeminiUsage;
  blockReason: string | undefined;
};

// `any`: request bodies are arbitrary JSON here.
/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

export function newSignature(): string {
  return randomBytes(48).toString('base64');
}

export function responseId(): string {
  return randomBytes(12).toString('base64url');
}

const words = (text: string) => (text === '' ? 0 : text.trim().split(/\s+/).length);

/** Defaults: one token per word of the prompt text, of the answer and of the thoughts. */
export function resolveGeminiReply(reply: FakeGeminiReply, model: string, request: Json, issued: Set<string>): ResolvedGeminiReply {
  const gemini3 = isGemini3(model);
  const includeThoughts = request?.generationConfig?.thinkingConfig?.includeThoughts === true || request?.generation_config?.thinking_config?.include_thoughts === true;
  const calls = (reply.functionCalls ?? []).map((call, i) => {
    const signature = call.thoughtSignature === null ? undefined : (call.thoughtSignature ?? (gemini3 && i === 0 ? newSignature() : undefined));
    if (signature) issued.add(signature);
    return { name: call.name, args: call.args ?? {}, ...(call.id ? { id: call.id } : {}), ...(signature ? { thoughtSignature: signature } : {}) };
  });
  const content = reply.content ?? (calls.length > 0 || reply.blockReason ? '' : 'Hello from gemini');
  const textSignature = reply.textSignature === null ? undefined : (reply.textSignature ?? (gemini3 && calls.length === 0 && content !== '' ? newSignature() : undefined));
  if (textSignature) issued.add(textSignature);
  const promptText = JSON.stringify(request?.contents ?? []);
  return {
    model: reply.modelVersion ?? model,
    responseId: responseId(),
    content,
    thoughts: reply.thoughts,
    includeThoughts,
    functionCalls: calls,
    finishReason: reply.finishReason ?? 'STOP',
    finishMessage: reply.finishMessage,
    textSignature,
    blockReason: reply.blockReason,
    usage: {
      promptTokenCount: reply.usage?.promptTokenCount ?? Math.max(1, words(promptText.replace(/[{}[\]":,]/g, ' '))),
      candidatesTokenCount: reply.usage?.candidatesTokenCount ?? words(content) + calls.length * 5,
      ...(reply.usage?.thoughtsTokenCount !== undefined ? { thoughtsTokenCount: reply.usage.thoughtsTokenCount } : reply.thoughts ? { thoughtsTokenCount: words(reply.thoughts) } : {}),
      ...(reply.usage?.cachedContentTokenCount !== undefined ? { cachedContentTokenCount: reply.usage.cachedContentTokenCount } : {}),
    },
  };
}

function usageMetadata(reply: ResolvedGeminiReply, final = true): Json {
  const { promptTokenCount, candidatesTokenCount, thoughtsTokenCount, cachedContentTokenCount } = reply.usage;
  if (!final) {
    // Mid-stream chunks report the prompt and a running total only, as the real API does.
    return { promptTokenCount, totalTokenCount: promptTokenCount, promptTokensDetails: [{ modality: 'TEXT', tokenCount: promptTokenCount }] };
  }
  const candidates = reply.blockReason ? {} : { candidatesTokenCount };
  return {
    promptTokenCount,
    ...candidates,
    totalTokenCount: promptTokenCount + (reply.blockReason ? 0 : candidatesTokenCount) + (thoughtsTokenCount ?? 0),
    ...(cachedContentTokenCount !== undefined ? { cachedContentTokenCount, cacheTokensDetails: [{ modality: 'TEXT', tokenCount: cachedContentTokenCount }] } : {}),
    promptTokensDetails: [{ modality: 'TEXT', tokenCount: promptTokenCount }],
    ...(thoughtsTokenCount !== undefined ? { thoughtsTokenCount } : {}),
  };
}

function callPart(call: ResolvedGeminiReply['functionCalls'][number]): Json {
  return {
    functionCall: { ...(call.id ? { id: call.id } : {}), name: call.name, args: call.args },
    ...(call.thoughtSignature ? { thoughtSignature: call.thoughtSignature } : {}),
  };
}

function envelope(reply: ResolvedGeminiReply, candidate: Json | undefined, usage: Json): Json {
  return {
    ...(candidate ? { candidates: [candidate] } : {}),
    usageMetadata: usage,
    modelVersion: reply.model,
    responseId: reply.responseId,
  };
}

function blockedBody(reply: ResolvedGeminiReply): Json {
  return { promptFeedback: { blockReason: reply.blockReason }, usageMetadata: usageMetadata(reply), modelVersion: reply.model, responseId: reply.responseId };
}

function finishFields(reply: ResolvedGeminiReply): Json {
  return { finishReason: reply.finishReason, ...(reply.finishMessage ? { finishMessage: reply.finishMessage } : {}), index: 0 };
}

/** The non-stream `generateContent` answer. */
export function generateContentBody(reply: ResolvedGeminiReply): Json {
  if (reply.blockReason) return blockedBody(reply);
  const parts: Json[] = [];
  if (reply.thoughts && reply.includeThoughts) parts.push({ text: reply.thoughts, thought: true });
  if (reply.content !== '') parts.push({ text: reply.content, ...(reply.textSignature ? { thoughtSignature: reply.textSignature } : {}) });
  parts.push(...reply.functionCalls.map(callPart));
  const content = parts.length > 0 ? { content: { parts, role: 'model' } } : {};
  return envelope(reply, { ...content, ...finishFields(reply) }, usageMetadata(reply));
}

function pieces(text: string, count: number): string[] {
  const size = Math.max(1, Math.ceil(text.length / count));
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

/**
 * The chunks of `streamGenerateContent`: thoughts (2 chunks), text (up to 4), each function call whole, then a final
 * chunk with the finish reason, the full usage and (gemini-3*) the text signature on an empty text part. Earlier chunks
 * carry partial usage, so a client that sums usage gets it wrong. `finish: false` leaves the last chunk out.
 */
export function streamChunks(reply: ResolvedGeminiReply, finish = true): Json[] {
  if (reply.blockReason) return [blockedBody(reply)];
  const chunk = (parts: Json[]) => envelope(reply, { content: { parts, role: 'model' }, index: 0 }, usageMetadata(reply, false));
  const chunks: Json[] = [];
  if (reply.thoughts && reply.includeThoughts) for (const text of pieces(reply.thoughts, 2)) chunks.push(chunk([{ text, thought: true }]));
  for (const text of pieces(reply.content, 4)) chunks.push(chunk([{ text }]));
  for (const call of reply.functionCalls) chunks.push(chunk([callPart(call)]));
  if (finish) {
    const lastParts = reply.textSignature ? [{ text: '', thoughtSignature: reply.textSignature }] : [{ text: '' }];
    chunks.push(envelope(reply, { content: { parts: lastParts, role: 'model' }, ...finishFields(reply) }, usageMetadata(reply)));
  }
  return chunks;
}

const RPC_STATUS: Record<number, string> = {
  400: 'INVALID_ARGUMENT', 401: 'UNAUTHENTICATED', 403: 'PERMISSION_DENIED', 404: 'NOT_FOUND', 409: 'ABORTED', 429: 'RESOURCE_EXHAUSTED',
  499: 'CANCELLED', 500: 'INTERNAL', 501: 'NOT_IMPLEMENTED', 503: 'UNAVAILABLE', 504: 'DEADLINE_EXCEEDED',
};

const DEFAULT_MESSAGE: Record<number, string> = {
  429: 'You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.',
  500: 'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting',
  503: 'The model is overloaded. Please try again later.',
  504: 'Deadline expired before operation could complete.',
};

/** Google's error envelope; 429 carries QuotaFailure + RetryInfo details as the real API does. */
export function errorBody(status: number, message?: string, rpcStatus?: string, details?: unknown[]): Json {
  const extra = details ?? (status === 429
    ? [
      { '@type': 'type.googleapis.com/google.rpc.QuotaFailure', violations: [{ quotaMetric: 'generativelanguage.googleapis.com/generate_content_free_tier_requests', quotaId: 'GenerateRequestsPerMinutePerProjectPerModel-FreeTier', quotaValue: '10' }] },
      { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '7s' },
    ]
    : undefined);
  return {
    error: {
      code: status,
      message: message ?? DEFAULT_MESSAGE[status] ?? `Fake upstream failure (HTTP ${status}).`,
      status: rpcStatus ?? RPC_STATUS[status] ?? (status >= 500 ? 'INTERNAL' : 'INVALID_ARGUMENT'),
      ...(extra ? { details: extra } : {}),
    },
  };
}

export const API_KEY_INVALID_BODY = errorBody(400, 'API key not valid. Please pass a valid API key.', 'INVALID_ARGUMENT', [
  { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID', domain: 'googleapis.com', metadata: { service: 'generativelanguage.googleapis.com' } },
  { '@type': 'type.googleapis.com/google.rpc.LocalizedMessage', locale: 'en-US', message: 'API key not valid. Please pass a valid API key.' },
]);

export const NO_KEY_BODY = errorBody(
  403,
  "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.",
  'PERMISSION_DENIED',
);

export function notFoundBody(model: string, method: string): Json {
  return errorBody(404, `models/${model} is not found for API version v1beta, or is not supported for ${method}. Call ListModels to see the list of available models and their supported methods.`);
}

/** A deterministic unit vector from the text, so tests can compare without storing fixtures. */
export function fakeVector(text: string, dimensions: number): number[] {
  const values: number[] = [];
  let block = createHash('sha256').update(text).digest();
  while (values.length < dimensions) {
    for (let i = 0; i + 1 < block.length && values.length < dimensions; i += 2) values.push((block.readUInt16BE(i) / 65535) * 2 - 1);
    block = createHash('sha256').update(block).digest();
  }
  const norm = Math.sqrt(values.reduce((sum, v) => sum + v * v, 0)) || 1;
  return values.map((v) => Math.round((v / norm) * 1e6) / 1e6);
}

export const FAKE_MODELS: ReadonlyArray<{ id: string; methods: string[]; inputTokenLimit: number; outputTokenLimit: number; thinking?: boolean }> = [
  { id: 'gemini-2.5-flash', methods: ['generateContent', 'countTokens', 'createCachedContent', 'batchGenerateContent'], inputTokenLimit: 1048576, outputTokenLimit: 65536, thinking: true },
  { id: 'gemini-2.5-pro', methods: ['generateContent', 'countTokens', 'createCachedContent', 'batchGenerateContent'], inputTokenLimit: 1048576, outputTokenLimit: 65536, thinking: true },
  { id: 'gemini-3.1-pro-preview', methods: ['generateContent', 'countTokens', 'createCachedContent', 'batchGenerateContent'], inputTokenLimit: 1048576, outputTokenLimit: 65536, thinking: true },
  { id: 'gemini-3.8-flash', methods: ['generateContent', 'countTokens', 'createCachedContent', 'batchGenerateContent'], inputTokenLimit: 1048576, outputTokenLimit: 65536, thinking: true },
  { id: 'gemini-embedding-001', methods: ['embedContent', 'countTextTokens', 'countTokens', 'asyncBatchEmbedContent'], inputTokenLimit: 2048, outputTokenLimit: 1 },
];

export function modelEntry(model: (typeof FAKE_MODELS)[number]): Json {
  return {
    name: `models/${model.id}`,
    version: '001',
    displayName: model.id,
    description: `Fake ${model.id}`,
    inputTokenLimit: model.inputTokenLimit,
    outputTokenLimit: model.outputTokenLimit,
    supportedGenerationMethods: model.methods,
    ...(model.thinking ? { temperature: 1, topP: 0.95, topK: 64, maxTemperature: 2, thinking: true } : {}),
  };
}

/** Models that answer generateContent (any gemini-* id but embedding models) and embedContent. */
export const generatesContent = (model: string) => model.startsWith('gemini-') && !model.includes('embedding');
export const embedsContent = (model: string) => model.includes('embedding');
