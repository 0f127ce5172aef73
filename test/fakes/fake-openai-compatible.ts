// Fake OpenAI-compatible upstreams (OpenAI, Groq, DeepSeek, Mistral, xAI, Perplexity, OpenRouter) on 127.0.0.1:0.
// Each speaks its vendor's dialect (base path, error shape, stream usage, reasoning field, strictness) and can
// misbehave on demand. Tests point the proxy (or an SDK) at `fake.url` and inspect `fake.requests`.
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import {
  FLAVORS, renderErrorBody, validateChatRequest, validateCompletionRequest, validateEmbeddingRequest,
  type FakeError, type FakeFlavor,
} from './openai-compatible-flavors.js';
import {
  chatCompletionBody, chatCompletionChunks, embeddingBody, makeReplyContext, streamErrorEvent, textCompletionBody,
  textCompletionChunks, DEFAULT_USAGE, type ReplyContext,
} from './openai-compatible-bodies.js';
import { FakeHttp, readBody } from './fake-http.js';

export type { FakeFlavor } from './openai-compatible-flavors.js';
export { fakeEmbedding } from './openai-compatible-bodies.js';

export type FakeToolCall = { id?: string; name: string; arguments: string /* JSON text */ };
export type FakeReply = {
  /** Streamed in up to 4 deltas. */
  content?: string;
  /** deepseek/xai `reasoning_content`, openrouter/groq `reasoning`, mistral `thinking` content chunks, perplexity `<think>` in content; openai: not emitted. */
  reasoning?: string;
  /** openai/deepseek/openrouter/perplexity: id+type+name first, then arguments in 2-3 fragments; groq/xai/mistral: each call whole in one delta. */
  toolCalls?: FakeToolCall[];
  /** Default 'stop', or 'tool_calls' when toolCalls are given. */
  finishReason?: string;
  usage?: { prompt_tokens: number; completion_tokens: number; cached_tokens?: number; reasoning_tokens?: number; cost?: number };
  /** Model echoed back; default: the request's model. */
  model?: string;
  /** Perplexity: top-level `citations` (+ derived `search_results`). */
  citations?: string[];
};
export type FakeFault =
  | { kind: 'status'; status: number; body?: unknown; headers?: Record<string, string> }
  | { kind: 'drop-mid-stream'; afterChunks: number }
  /** `headers: false` = accept the connection but never send even the status line. */
  | { kind: 'stall'; afterChunks?: number; headers?: boolean }
  | { kind: 'stream-error-event'; afterChunks: number }
  | { kind: 'no-finish' };
// `body: any` on purpose: tests read arbitrary fields of the JSON the proxy sent (body.messages[1].tool_calls…).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type RecordedRequest = { method: string; path: string; headers: Record<string, string | string[] | undefined>; body: any };

export interface FakeUpstream {
  /** Base URL as the vendor's SDK uses it (…/v1, …/openai/v1, host root for deepseek/perplexity, …/api/v1). */
  url: string;
  requests: RecordedRequest[];
  /** Queue a reply for the next chat/completions (or legacy completions) request, FIFO. */
  reply(r: FakeReply): void;
  /** Queue a fault for the next authorised POST request; faults win over replies. */
  fail(f: FakeFault): void;
  /** Resolves at the next request received after this call. */
  waitForRequest(): Promise<RecordedRequest>;
  /** Resolves when a client closes a connection while a response is in progress (latched: an abort nobody awaited yet counts). */
  clientAborted(): Promise<void>;
  /** Closes the server and destroys every socket, stalled ones included. */
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 16 * 1024 * 1024;

type Route = 'chat' | 'completions' | 'embeddings' | 'models' | { model: string };

export async function startFakeUpstream(flavor: FakeFlavor, opts: { apiKey?: string } = {}): Promise<FakeUpstream> {
  const spec = FLAVORS[flavor];
  const apiKey = opts.apiKey ?? 'test-key';
  const requests: RecordedRequest[] = [];
  const replies: FakeReply[] = [];
  const faults: FakeFault[] = [];
  const core = new FakeHttp<RecordedRequest>();
  const selfEnded = core.selfEnded;


  function commonHeaders(): Record<string, string> {
    const h: Record<string, string> = { 'x-request-id': `req_${randomBytes(12).toString('hex')}` };
    if (flavor === 'openai') Object.assign(h, { 'openai-processing-ms': '12', 'openai-version': '2020-10-01' });
    return h;
  }

  function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      ...commonHeaders(), 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)), ...headers,
    });
    res.end(text);
  }

  function sendError(res: http.ServerResponse, e: FakeError): void {
    sendJson(res, e.status, renderErrorBody(flavor, e), e.headers);
  }

  /** A successful non-stream JSON body; DeepSeek sends keep-alive blank lines first. */
  function sendOk(res: http.ServerResponse, body: unknown): void {
    if (!spec.jsonPreamble) return sendJson(res, 200, body);
    res.writeHead(200, { ...commonHeaders(), 'content-type': 'application/json' });
    res.write(spec.jsonPreamble);
    res.end(JSON.stringify(body));
  }

  /** Flush what was written, then cut the connection (FIN without a complete body). */
  function dropConnection(res: http.ServerResponse): void {
    selfEnded.add(res);
    const socket = res.socket;
    if (!socket) return;
    socket.end(() => socket.destroy());
  }

  function matchRoute(method: string, pathname: string): Route | null {
    const prefix = `${spec.basePath}/`;
    if (!pathname.startsWith(prefix)) return null;
    const rel = pathname.slice(prefix.length).replace(/\/+$/, '');
    if (method === 'POST') {
      if (rel === 'chat/completions') return 'chat';
      if (spec.completionsRoute !== null && rel === spec.completionsRoute) return 'completions';
      if (spec.hasEmbeddings && rel === 'embeddings') return 'embeddings';
      return null;
    }
    if (method === 'GET' && spec.models !== null) {
      if (rel === 'models') return 'models';
      if (rel.startsWith('models/')) return { model: decodeURIComponent(rel.slice('models/'.length)) };
    }
    return null;
  }

  function authError(header: string | undefined): FakeError | null {
    const match = /^Bearer\s+(.+)$/i.exec(header ?? '');
    if (match?.[1] === apiKey) return null;
    const given = match?.[1];
    if (flavor === 'mistral') return { status: 401, message: 'Unauthorized', type: 'invalid_request_error' };
    if (flavor === 'openrouter') return { status: 401, message: given ? 'User not found.' : 'No auth credentials found' };
    return given
      ? { status: 401, code: 'invalid_api_key', message: `Incorrect API key provided: ${given.slice(0, 3)}***. You can find your API key in your account settings.` }
      : { status: 401, code: null, message: "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY)." };
  }

  function statusFault(res: http.ServerResponse, f: Extract<FakeFault, { kind: 'status' }>): void {
    const headers: Record<string, string> = {};
    if (f.status === 429 || (flavor === 'openrouter' && f.status === 503)) headers['retry-after'] = '1';
    if (f.status === 429 && (flavor === 'openai' || flavor === 'groq')) {
      Object.assign(headers, { 'x-ratelimit-limit-requests': '500', 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': '1s' });
    }
    Object.assign(headers, f.headers ?? {});
    if (typeof f.body === 'string') {
      res.writeHead(f.status, { ...commonHeaders(), 'content-type': 'text/plain; charset=utf-8', ...headers });
      res.end(f.body);
      return;
    }
    const body = f.body !== undefined ? f.body : renderErrorBody(flavor, {
      status: f.status,
      message: f.status === 429 ? 'Rate limit reached for requests (fake).' : `Fake upstream failure (HTTP ${f.status}).`,
      code: f.status === 429 ? 'rate_limit_exceeded' : null,
    });
    sendJson(res, f.status, body, headers);
  }

  /** Write an SSE stream, applying a stream fault if one is pending. */
  async function writeStream(res: http.ServerResponse, events: Record<string, unknown>[], errorEvent: Record<string, unknown>, fault: FakeFault | undefined): Promise<void> {
    res.writeHead(200, {
      ...commonHeaders(), 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive',
    });
    res.flushHeaders();
    if (spec.streamPreamble) res.write(spec.streamPreamble);
    const limit = fault && 'afterChunks' in fault ? (fault.afterChunks ?? 0) : Infinity;
    for (const [i, event] of events.entries()) {
      if (i >= limit || res.destroyed) break;
      res.write(`data: ${JSON.stringify(event)}\n\n`);
    }
    if (res.destroyed) return;
    switch (fault?.kind) {
      case 'drop-mid-stream': return dropConnection(res);
      case 'stall': return; // never writes again; close() destroys the socket
      case 'stream-error-event':
        res.end(`data: ${JSON.stringify(errorEvent)}\n\n`);
        return;
      default:
        res.end('data: [DONE]\n\n');
    }
  }

  /** Faults on a non-stream request. Returns true if the fault produced the response. */
  function nonStreamFault(res: http.ServerResponse, fault: FakeFault, fullBody: () => unknown): boolean {
    switch (fault.kind) {
      case 'drop-mid-stream': {
        const text = JSON.stringify(fullBody());
        res.writeHead(200, { ...commonHeaders(), 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) });
        res.write(text.slice(0, Math.floor(text.length / 2)));
        dropConnection(res);
        return true;
      }
      case 'stall':
        if (fault.headers !== false) {
          res.writeHead(200, { ...commonHeaders(), 'content-type': 'application/json' });
          res.flushHeaders();
        }
        return true;
      case 'stream-error-event':
        sendError(res, { status: 502, message: 'Provider returned error', type: 'server_error' });
        return true;
      default:
        return false;
    }
  }

  async function generate(res: http.ServerResponse, route: 'chat' | 'completions', body: Record<string, unknown>, fault: FakeFault | undefined): Promise<void> {
    const validation = route === 'chat' ? validateChatRequest(flavor, body) : validateCompletionRequest(flavor, body);
    if (validation) return sendError(res, validation);
    const reply = replies.shift() ?? { content: `Hello from ${flavor}`, usage: DEFAULT_USAGE };
    const ctx: ReplyContext = makeReplyContext(flavor, reply, body.model, body, route === 'chat' ? 'chat' : 'text');
    if (fault?.kind === 'no-finish') ctx.finishReason = null;
    if (body.stream === true) {
      const events = route === 'chat' ? chatCompletionChunks(ctx) : textCompletionChunks(ctx);
      return writeStream(res, events, streamErrorEvent(ctx), fault);
    }
    const full = () => (route === 'chat' ? chatCompletionBody(ctx) : textCompletionBody(ctx));
    if (fault && nonStreamFault(res, fault, full)) return;
    sendOk(res, full());
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    core.watchForAbort(res);
    const raw = await readBody(req, MAX_BODY_BYTES);
    if (raw === null) {
      sendError(res, { status: 413, message: 'Request body too large.' });
      return;
    }
    let body: unknown = undefined;
    let badJson = false;
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw);
      } catch {
        body = raw;
        badJson = true;
      }
    }
    const method = req.method ?? 'GET';
    const recorded: RecordedRequest = { method, path: req.url ?? '/', headers: { ...req.headers }, body };
    core.record(recorded);

    const pathname = new URL(req.url ?? '/', 'http://fake').pathname;
    const route = matchRoute(method, pathname);
    if (!(route === 'models' && spec.publicModels)) {
      const unauthorized = authError(req.headers.authorization);
      if (unauthorized) return sendError(res, unauthorized);
    }
    if (route === null) {
      return sendError(res, { status: 404, message: `Invalid URL (${method} ${pathname})`, type: 'invalid_request_error' });
    }
    if (route === 'models') return sendJson(res, 200, { object: 'list', data: spec.models ?? [] });
    if (typeof route === 'object') {
      const model = spec.models?.find((m) => m.id === route.model);
      if (model) return sendJson(res, 200, model);
      return sendError(res, {
        status: 404, code: 'model_not_found', message: `The model \`${route.model}\` does not exist or you do not have access to it.`,
      });
    }

    const fault = faults.shift();
    if (fault?.kind === 'status') return statusFault(res, fault);
    if (badJson || typeof body !== 'object' || body === null || Array.isArray(body)) {
      return sendError(res, { status: 400, message: 'We could not parse the JSON body of your request.', code: null });
    }
    const json = body as Record<string, unknown>;
    if (route === 'embeddings') {
      const invalid = validateEmbeddingRequest(flavor, json);
      if (invalid) return sendError(res, invalid);
      if (fault && nonStreamFault(res, fault, () => embeddingBody(flavor, json))) return;
      return sendJson(res, 200, embeddingBody(flavor, json));
    }
    return generate(res, route, json, fault);
  }

  const origin = await core.listen(handle, (res, error) => sendError(res, { status: 500, message: `Fake upstream bug: ${String(error)}` }));

  return {
    url: `${origin}${spec.basePath}`,
    requests: core.requests,
    reply(r) {
      replies.push(r);
    },
    fail(f) {
      faults.push(f);
    },
    waitForRequest: () => core.waitForRequest(),
    clientAborted: () => core.clientAborted(),
    close: () => core.close(),
  };
}

