// Response bodies and SSE event sequences of the fake Anthropic upstream, in the real API's wire format
// (/work/shared/reference/anthropic-api.md §3-5; anthropic-sdk-typescript `messages.ts`).
import { createHmac, randomBytes } from 'node:crypto';

type Json = Record<string, unknown>;

export type FakeAnthropicToolCall = { id?: string; name: string; input: Record<string, unknown> };

export type FakeAnthropicUsage = {
  input_tokens: number;
  output_tokens: number;
  cache_read_input_tokens?: number;
  cache_creation_input_tokens?: number;
  /** Reported as usage.output_tokens_details.thinking_tokens when set. */
  thinking_tokens?: number;
};

export type FakeAnthropicReply = {
  /** Text; streamed in up to 4 text_delta events. */
  content?: string;
  /** A thinking block (first in the message) with a signature this fake accepts back for the same model. */
  thinking?: string;
  /** A redacted_thinking block after the thinking (opaque data this fake accepts back). */
  redactedThinking?: boolean;
  /** tool_use blocks after the text; ids default to fresh `toolu_…` ids. Input streams as 2-3 input_json_delta fragments. */
  toolCalls?: FakeAnthropicToolCall[];
  /** Default `tool_use` when toolCalls are given, else `end_turn`. */
  stopReason?: string;
  stopSequence?: string;
  usage?: FakeAnthropicUsage;
  /** Model echoed back; default the request's model. */
  model?: string;
};

export const DEFAULT_USAGE: FakeAnthropicUsage = { input_tokens: 10, output_tokens: 5 };

/** Issues and checks thinking signatures: an HMAC over model and text, so an edited block or another model fails. */
export class SignatureBook {
  private readonly secret = randomBytes(16);
  private readonly redacted = new Set<string>();

  sign(model: string, thinking: string): string {
    return `Eq${createHmac('sha256', this.secret).update(`${model}\n${thinking}`).digest('base64')}`;
  }

  verify(model: string, thinking: string, signature: unknown): boolean {
    return typeof signature === 'string' && signature === this.sign(model, thinking);
  }

  issueRedacted(): string {
    const data = `EmwK${randomBytes(24).toString('base64')}`;
    this.redacted.add(data);
    return data;
  }

  verifyRedacted(data: unknown): boolean {
    return typeof data === 'string' && this.redacted.has(data);
  }
}

export function messageId(): string {
  return `msg_01${randomBytes(12).toString('base64url').replace(/[-_]/g, 'x').slice(0, 22)}`;
}

export function toolUseId(): string {
  return `toolu_01${randomBytes(12).toString('base64url').replace(/[-_]/g, 'x').slice(0, 22)}`;
}

/** A reply resolved against one request: ids, model, signatures and usage fixed, so body and stream agree. */
export type ResolvedReply = {
  id: string;
  model: string;
  thinking?: { text: string; signature: string };
  redacted?: string;
  content?: string;
  toolCalls: Array<{ id: string; name: string; input: Record<string, unknown> }>;
  stopReason: string;
  stopSequence: string | null;
  usage: FakeAnthropicUsage;
};

export function resolveReply(reply: FakeAnthropicReply, requestModel: string, signatures: SignatureBook): ResolvedReply {
  const model = reply.model ?? requestModel;
  const toolCalls = (reply.toolCalls ?? []).map((call) => ({ id: call.id ?? toolUseId(), name: call.name, input: call.input }));
  return {
    id: messageId(),
    model,
    ...(reply.thinking === undefined ? {} : { thinking: { text: reply.thinking, signature: signatures.sign(requestModel, reply.thinking) } }),
    ...(reply.redactedThinking ? { redacted: signatures.issueRedacted() } : {}),
    ...(reply.content === undefined ? {} : { content: reply.content }),
    toolCalls,
    stopReason: reply.stopReason ?? (toolCalls.length > 0 ? 'tool_use' : 'end_turn'),
    stopSequence: reply.stopSequence ?? null,
    usage: reply.usage ?? DEFAULT_USAGE,
  };
}

function usageBody(u: FakeAnthropicUsage, outputTokens = u.output_tokens): Json {
  const cacheWrite = u.cache_creation_input_tokens ?? 0;
  return {
    input_tokens: u.input_tokens,
    cache_creation_input_tokens: cacheWrite,
    cache_read_input_tokens: u.cache_read_input_tokens ?? 0,
    cache_creation: { ephemeral_5m_input_tokens: cacheWrite, ephemeral_1h_input_tokens: 0 },
    output_tokens: outputTokens,
    ...(u.thinking_tokens === undefined ? {} : { output_tokens_details: { thinking_tokens: u.thinking_tokens } }),
    service_tier: 'standard',
  };
}

function contentBlocks(r: ResolvedReply): Json[] {
  const blocks: Json[] = [];
  if (r.thinking) blocks.push({ type: 'thinking', thinking: r.thinking.text, signature: r.thinking.signature });
  if (r.redacted) blocks.push({ type: 'redacted_thinking', data: r.redacted });
  if (r.content !== undefined) blocks.push({ type: 'text', text: r.content });
  for (const call of r.toolCalls) blocks.push({ type: 'tool_use', id: call.id, name: call.name, input: call.input });
  return blocks;
}

/** The non-stream Message. */
export function messageBody(r: ResolvedReply): Json {
  return {
    id: r.id,
    type: 'message',
    role: 'assistant',
    model: r.model,
    content: contentBlocks(r),
    stop_reason: r.stopReason,
    stop_sequence: r.stopSequence,
    usage: usageBody(r.usage),
  };
}

/** Splits text into at most `parts` non-empty pieces (an empty text gives no piece). */
export function splitText(text: string, parts: number): string[] {
  if (text === '') return [];
  const size = Math.max(1, Math.ceil(text.length / parts));
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

export type SseEvent = { event: string; data: Json };

const ev = (event: string, data: Json): SseEvent => ({ event, data: { type: event, ...data } });

/**
 * The full event sequence of a streamed reply: message_start (input usage, output 1), ping, one block after another
 * (start → deltas → stop, thinking with its signature_delta last; tool input as an empty first fragment and then
 * pieces), another ping, message_delta (stop_reason + cumulative usage), message_stop.
 */
export function streamEvents(r: ResolvedReply): SseEvent[] {
  const events: SseEvent[] = [
    ev('message_start', {
      message: {
        id: r.id, type: 'message', role: 'assistant', model: r.model, content: [],
        stop_reason: null, stop_sequence: null, usage: usageBody(r.usage, 1),
      },
    }),
    ev('ping', {}),
  ];
  let index = 0;
  if (r.thinking) {
    events.push(ev('content_block_start', { index, content_block: { type: 'thinking', thinking: '', signature: '' } }));
    for (const piece of splitText(r.thinking.text, 3)) {
      events.push(ev('content_block_delta', { index, delta: { type: 'thinking_delta', thinking: piece } }));
    }
    events.push(ev('content_block_delta', { index, delta: { type: 'signature_delta', signature: r.thinking.signature } }));
    events.push(ev('content_block_stop', { index }));
    index++;
  }
  if (r.redacted) {
    events.push(ev('content_block_start', { index, content_block: { type: 'redacted_thinking', data: r.redacted } }));
    events.push(ev('content_block_stop', { index }));
    index++;
  }
  if (r.content !== undefined) {
    events.push(ev('content_block_start', { index, content_block: { type: 'text', text: '' } }));
    for (const piece of splitText(r.content, 4)) {
      events.push(ev('content_block_delta', { index, delta: { type: 'text_delta', text: piece } }));
    }
    events.push(ev('content_block_stop', { index }));
    index++;
  }
  for (const call of r.toolCalls) {
    events.push(ev('content_block_start', { index, content_block: { type: 'tool_use', id: call.id, name: call.name, input: {} } }));
    const json = JSON.stringify(call.input);
    for (const piece of ['', ...(json === '{}' ? [] : splitText(json, 3))]) {
      events.push(ev('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: piece } }));
    }
    events.push(ev('content_block_stop', { index }));
    index++;
  }
  events.push(ev('ping', {}));
  events.push(ev('message_delta', {
    delta: { stop_reason: r.stopReason, stop_sequence: r.stopSequence },
    usage: usageBody(r.usage),
  }));
  events.push(ev('message_stop', {}));
  return events;
}

export function encodeSseEvent(e: SseEvent): string {
  return `event: ${e.event}\ndata: ${JSON.stringify(e.data)}\n\n`;
}

/** platform.claude.com/docs/en/api/errors */
export const ERROR_TYPE_BY_STATUS: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  402: 'billing_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  503: 'overloaded_error',
  504: 'timeout_error',
  529: 'overloaded_error',
};

const DEFAULT_ERROR_MESSAGE: Record<string, string> = {
  invalid_request_error: 'Invalid request',
  authentication_error: 'invalid x-api-key',
  billing_error: 'Your credit balance is too low to access the Anthropic API.',
  permission_error: 'Your API key does not have permission to use the specified resource.',
  not_found_error: 'Not found',
  request_too_large: 'Request exceeds the maximum allowed number of bytes.',
  rate_limit_error: 'Number of request tokens has exceeded your per-minute rate limit (fake).',
  api_error: 'Internal server error',
  timeout_error: 'Request timed out',
  overloaded_error: 'Overloaded',
};

export function requestId(): string {
  return `req_011${randomBytes(12).toString('base64url').replace(/[-_]/g, 'x').slice(0, 21)}`;
}

/** `{"type":"error","error":{"type","message"},"request_id"}` */
export function errorBody(status: number, message?: string, type?: string): Json {
  const errorType = type ?? ERROR_TYPE_BY_STATUS[status] ?? (status >= 500 ? 'api_error' : 'invalid_request_error');
  return {
    type: 'error',
    error: { type: errorType, message: message ?? DEFAULT_ERROR_MESSAGE[errorType] ?? `HTTP ${status}` },
    request_id: requestId(),
  };
}

export const FAKE_MODELS = ['claude-fable-5-1', 'claude-opus-5-5', 'claude-sonnet-5-5', 'claude-haiku-5-5', 'claude-sonnet-4-6', 'claude-haiku-4-5-20251001'];

export function modelEntry(id: string): Json {
  return {
    type: 'model', id, display_name: id.replace(/^claude-/, 'Claude ').replace(/-/g, ' '),
    created_at: '2026-09-28T00:00:00Z', max_input_tokens: 1_000_000, max_tokens: 128_000,
  };
}
