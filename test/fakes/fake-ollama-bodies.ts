// Response bodies of the fake Ollama server, shaped as the real one writes them (ollama `server/routes.go`
// ChatHandler/GenerateHandler/EmbedHandler, `api/types.go`): NDJSON chunks with `done:false`, then one `done:true`
// object with done_reason and metrics; non-stream answers are that final object with everything concatenated.
import { randomBytes } from 'node:crypto';

type Json = Record<string, unknown>;

export type FakeOllamaToolCall = { id?: string; name: string; arguments: Record<string, unknown> };

export type FakeOllamaReply = {
  /** Streamed in up to 4 chunks. Default "Hello from ollama" when nothing else is given. */
  content?: string;
  /** `message.thinking` (chat) or `thinking` (generate), streamed before the content; left out when the request says `think:false`. */
  thinking?: string;
  /** Sent whole, in one chunk after the content, as Ollama does (arguments are objects). */
  toolCalls?: FakeOllamaToolCall[];
  /** Ollama < 0.12.10 sends tool calls without `id`. */
  omitToolCallIds?: boolean;
  /** Default 'stop' (also after tool calls: Ollama has no tool_calls reason). */
  doneReason?: string;
  /** Default 5. */
  evalCount?: number;
  /** Default 10. */
  promptEvalCount?: number;
  /** Echoed `model`; default: the request's model string, as Ollama echoes it. */
  model?: string;
};

/** Go's RFC 3339 with nanoseconds in UTC, as `created_at` is written. */
export function ollamaTimestamp(date = new Date()): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, (_match, ms: string) => `.${ms}${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}Z`);
}

function toolCallId(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return `call_${Array.from(randomBytes(8), (byte) => alphabet[byte % alphabet.length]).join('')}`;
}

export function splitText(text: string, parts: number): string[] {
  if (text === '') return [];
  const size = Math.ceil(text.length / parts);
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

export type ResolvedOllamaReply = {
  model: string;
  content: string;
  thinking: string;
  toolCalls: Json[];
  doneReason: string;
  evalCount: number;
  promptEvalCount: number;
};

export function resolveOllamaReply(reply: FakeOllamaReply, requestModel: string, think: unknown): ResolvedOllamaReply {
  const nothingGiven = reply.content === undefined && reply.thinking === undefined && reply.toolCalls === undefined;
  return {
    model: reply.model ?? requestModel,
    content: reply.content ?? (nothingGiven ? 'Hello from ollama' : ''),
    thinking: think === false ? '' : (reply.thinking ?? ''),
    toolCalls: (reply.toolCalls ?? []).map((call, index) => ({
      ...(reply.omitToolCallIds ? {} : { id: call.id ?? toolCallId() }),
      function: { index, name: call.name, arguments: call.arguments },
    })),
    doneReason: reply.doneReason ?? 'stop',
    evalCount: reply.evalCount ?? 5,
    promptEvalCount: reply.promptEvalCount ?? 10,
  };
}

/** Metrics of the final object: durations in nanoseconds, never zero (clients divide by eval_duration). */
function metrics(r: ResolvedOllamaReply): Json {
  return {
    total_duration: 812_345_678,
    load_duration: 21_345_678,
    prompt_eval_count: r.promptEvalCount,
    prompt_eval_duration: 45_678_901,
    eval_count: r.evalCount,
    eval_duration: 698_765_432,
  };
}

type Kind = 'chat' | 'generate';

/** One content-bearing object: chat puts it in `message`, generate at the top level (`response` always present). */
function piece(kind: Kind, r: ResolvedOllamaReply, fields: { content?: string; thinking?: string; toolCalls?: Json[] }): Json {
  const head = { model: r.model, created_at: ollamaTimestamp() };
  if (kind === 'chat') {
    const message: Json = { role: 'assistant', content: fields.content ?? '' };
    if (fields.thinking) message.thinking = fields.thinking;
    if (fields.toolCalls) message.tool_calls = fields.toolCalls;
    return { ...head, message, done: false };
  }
  const out: Json = { ...head, response: fields.content ?? '' };
  if (fields.thinking) out.thinking = fields.thinking;
  if (fields.toolCalls) out.tool_calls = fields.toolCalls;
  out.done = false;
  return out;
}

/** `context` (deprecated) is only in generate answers, and not in raw mode. */
function finalExtras(kind: Kind, raw: boolean): Json {
  return kind === 'generate' && !raw ? { context: [128006, 882, 128007, 271, 9906] } : {};
}

export function streamChunks(kind: Kind, r: ResolvedOllamaReply, raw = false): Json[] {
  const chunks = [
    ...splitText(r.thinking, 4).map((thinking) => piece(kind, r, { thinking })),
    ...splitText(r.content, 4).map((content) => piece(kind, r, { content })),
  ];
  if (r.toolCalls.length > 0) chunks.push(piece(kind, r, { toolCalls: r.toolCalls }));
  const last = piece(kind, r, {});
  chunks.push({ ...last, ...finalExtras(kind, raw), done: true, done_reason: r.doneReason, ...metrics(r) });
  return chunks;
}

export function nonStreamBody(kind: Kind, r: ResolvedOllamaReply, raw = false): Json {
  const whole = piece(kind, r, {
    content: r.content,
    thinking: r.thinking,
    ...(r.toolCalls.length > 0 ? { toolCalls: r.toolCalls } : {}),
  });
  return { ...whole, ...finalExtras(kind, raw), done: true, done_reason: r.doneReason, ...metrics(r) };
}

/** The answer to a request with no messages / empty prompt: the model is loaded (or unloaded with keep_alive 0). */
export function loadBody(kind: Kind, model: string, keepAlive: unknown): Json {
  const doneReason = keepAlive === 0 || keepAlive === '0' || keepAlive === '0s' ? 'unload' : 'load';
  const head = { model, created_at: ollamaTimestamp() };
  return kind === 'chat'
    ? { ...head, message: { role: 'assistant', content: '' }, done: true, done_reason: doneReason }
    : { ...head, response: '', done: true, done_reason: doneReason };
}

/** A deterministic unit vector per input (Ollama L2-normalises /api/embed output). */
export function fakeEmbedding(input: string, dimensions: number): number[] {
  let seed = 0;
  for (const char of input) seed = (seed * 31 + char.codePointAt(0)!) >>> 0;
  const raw = Array.from({ length: dimensions }, (_, i) => (((seed + i * 2654435761) >>> 0) % 1000) / 1000 - 0.5);
  const norm = Math.hypot(...raw) || 1;
  return raw.map((value) => value / norm);
}

/** Roughly one token per four characters, at least one per input, as a tokenizer would count. */
export function fakeTokenCount(input: string): number {
  return Math.max(1, Math.ceil(input.length / 4));
}
