// A fake Anthropic Messages upstream on 127.0.0.1:0. It speaks the real wire format (headers, validation with the
// API's 400 messages, the non-stream Message, the full named-event SSE sequence with pings, error shapes) and can
// misbehave on demand. Tests point the provider (or the official SDK) at `fake.url` and inspect `fake.requests`.
import http from 'node:http';
import {
  encodeSseEvent, errorBody, FAKE_MODELS, messageBody, modelEntry, requestId, resolveReply, SignatureBook, streamEvents,
  type FakeAnthropicReply, type ResolvedReply, type SseEvent,
} from './fake-anthropic-bodies.js';
import { validateHeaders, validateMessagesRequest, type FakeAnthropicError } from './fake-anthropic-validation.js';
import { FakeHttp, readBody } from './fake-http.js';

export type { FakeAnthropicReply, FakeAnthropicToolCall, FakeAnthropicUsage } from './fake-anthropic-bodies.js';

export type FakeAnthropicFault =
  /** Answer with this status; the body defaults to Anthropic's error shape for it (429 and 529 add `retry-after: 1`). */
  | { kind: 'status'; status: number; body?: unknown; headers?: Record<string, string>; message?: string }
  /** Stream: cut the connection after this many SSE events (pings count). Non-stream: half the body, then cut. */
  | { kind: 'drop-mid-stream'; afterChunks: number }
  /** Stop writing after this many events (default 0) and never finish; `headers: false` never sends the status line. */
  | { kind: 'stall'; afterChunks?: number; headers?: boolean }
  /** Stream: after this many events, an `event: error` (default overloaded_error) and the end. Non-stream: a 529. */
  | { kind: 'stream-error-event'; afterChunks: number; errorType?: string; message?: string }
  /** Stream: everything but message_stop, then a clean end. */
  | { kind: 'no-message-stop' };

// `body: any` on purpose: tests read arbitrary fields of the JSON the proxy sent (body.messages[1].content[0]…).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type RecordedRequest = { method: string; path: string; headers: Record<string, string | string[] | undefined>; body: any };

export interface FakeAnthropic {
  /** Base URL as the SDK and our provider take it (the host root; paths are /v1/messages, /v1/models). */
  url: string;
  requests: RecordedRequest[];
  /** Queue a reply for the next POST /v1/messages, FIFO. Without one: "Hello from anthropic". */
  reply(r: FakeAnthropicReply): void;
  /** Queue a fault for the next authorised POST; faults win over replies (a faulted request consumes no reply). */
  fail(f: FakeAnthropicFault): void;
  /** Resolves at the next request received after this call. */
  waitForRequest(): Promise<RecordedRequest>;
  /** Resolves when a client closes a connection while a response is in progress (latched). */
  clientAborted(): Promise<void>;
  /** Closes the server and destroys every socket, stalled ones included. */
  close(): Promise<void>;
}

export type FakeAnthropicOptions = {
  /** Accepted as `x-api-key: <key>` or `Authorization: Bearer <key>` (SDK 1.x). Default 'test-key'. */
  apiKey?: string;
  /**
   * The API merges consecutive same-role turns server-side today; strict validation (the default) rejects them as the
   * API once did, which catches an encoder that forgets to merge. Set true to behave like the current API.
   */
  allowConsecutiveRoles?: boolean;
};

const MAX_BODY_BYTES = 32 * 1024 * 1024;

export async function startFakeAnthropic(opts: FakeAnthropicOptions = {}): Promise<FakeAnthropic> {
  const apiKey = opts.apiKey ?? 'test-key';
  const requests: RecordedRequest[] = [];
  const replies: FakeAnthropicReply[] = [];
  const faults: FakeAnthropicFault[] = [];
  const signatures = new SignatureBook();
  /** Tool-use ids issued in a turn that had thinking: the next request must bring that thinking back. */
  const thinkingToolUses = new Set<string>();
  const core = new FakeHttp<RecordedRequest>();
  const selfEnded = core.selfEnded;


  function commonHeaders(): Record<string, string> {
    return {
      'request-id': requestId(),
      'anthropic-organization-id': '00000000-0000-4000-8000-000000000000',
      'anthropic-ratelimit-requests-limit': '4000',
      'anthropic-ratelimit-requests-remaining': '3999',
    };
  }

  function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    const text = JSON.stringify(body);
    res.writeHead(status, { ...commonHeaders(), 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)), ...headers });
    res.end(text);
  }

  function sendError(res: http.ServerResponse, e: FakeAnthropicError): void {
    sendJson(res, e.status, errorBody(e.status, e.message, e.type));
  }

  function dropConnection(res: http.ServerResponse): void {
    selfEnded.add(res);
    const socket = res.socket;
    if (!socket) return;
    socket.end(() => socket.destroy());
  }

  function authError(req: http.IncomingMessage): FakeAnthropicError | null {
    const header = req.headers['x-api-key'];
    const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const given = (Array.isArray(header) ? header[0] : header) ?? bearer;
    if (given === undefined) return { status: 401, message: 'x-api-key header is required' };
    return given === apiKey ? null : { status: 401, message: 'invalid x-api-key' };
  }

  function statusFault(res: http.ServerResponse, f: Extract<FakeAnthropicFault, { kind: 'status' }>): void {
    const headers: Record<string, string> = {};
    if (f.status === 429 || f.status === 529) headers['retry-after'] = '1';
    if (f.status === 429) Object.assign(headers, { 'anthropic-ratelimit-requests-remaining': '0', 'anthropic-ratelimit-requests-reset': new Date(Date.now() + 1000).toISOString() });
    Object.assign(headers, f.headers ?? {});
    if (typeof f.body === 'string') {
      res.writeHead(f.status, { ...commonHeaders(), 'content-type': 'text/plain; charset=utf-8', ...headers });
      res.end(f.body);
      return;
    }
    sendJson(res, f.status, f.body !== undefined ? f.body : errorBody(f.status, f.message), headers);
  }

  async function writeStream(res: http.ServerResponse, events: SseEvent[], fault: FakeAnthropicFault | undefined): Promise<void> {
    if (fault?.kind === 'stall' && fault.headers === false) return;
    res.writeHead(200, { ...commonHeaders(), 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' });
    res.flushHeaders();
    const limit = fault && 'afterChunks' in fault ? (fault.afterChunks ?? 0) : fault?.kind === 'no-message-stop' ? events.length - 1 : Infinity;
    for (const [i, event] of events.entries()) {
      if (i >= limit || res.destroyed) break;
      res.write(encodeSseEvent(event));
    }
    if (res.destroyed) return;
    switch (fault?.kind) {
      case 'drop-mid-stream':
        return dropConnection(res);
      case 'stall':
        return; // never writes again; close() destroys the socket
      case 'stream-error-event': {
        const body = errorBody(529, fault.message, fault.errorType ?? 'overloaded_error');
        delete body.request_id;
        res.end(encodeSseEvent({ event: 'error', data: body }));
        return;
      }
      default:
        res.end();
    }
  }

  function nonStream(res: http.ServerResponse, body: Record<string, unknown>, fault: FakeAnthropicFault | undefined): void {
    switch (fault?.kind) {
      case 'drop-mid-stream': {
        const text = JSON.stringify(body);
        res.writeHead(200, { ...commonHeaders(), 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) });
        res.write(text.slice(0, Math.floor(text.length / 2)));
        return dropConnection(res);
      }
      case 'stall':
        if (fault.headers !== false) {
          res.writeHead(200, { ...commonHeaders(), 'content-type': 'application/json' });
          res.flushHeaders();
        }
        return;
      case 'stream-error-event':
        return sendJson(res, 529, errorBody(529, fault.message, fault.errorType ?? 'overloaded_error'), { 'retry-after': '1' });
      default:
        return sendJson(res, 200, body);
    }
  }

  function remember(reply: ResolvedReply): void {
    if (reply.thinking || reply.redacted) for (const call of reply.toolCalls) thinkingToolUses.add(call.id);
  }

  async function messages(req: http.IncomingMessage, res: http.ServerResponse, json: Record<string, unknown>, fault: FakeAnthropicFault | undefined): Promise<void> {
    const version = String(req.headers['anthropic-version'] ?? '');
    const invalid = validateMessagesRequest(json, { version, signatures, thinkingToolUses, allowConsecutiveRoles: opts.allowConsecutiveRoles ?? false });
    if (invalid) return sendError(res, invalid);
    const model = json.model as string;
    if (!model.startsWith('claude-')) return sendError(res, { status: 404, message: `model: ${model}` });
    const reply = resolveReply(replies.shift() ?? { content: 'Hello from anthropic' }, model, signatures);
    remember(reply);
    if (json.stream === true) return writeStream(res, streamEvents(reply), fault);
    return nonStream(res, messageBody(reply), fault);
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    core.watchForAbort(res);
    const raw = await readBody(req, MAX_BODY_BYTES);
    if (raw === null) return sendError(res, { status: 413, message: 'Request exceeds the maximum allowed number of bytes.', type: 'request_too_large' });
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

    const unauthorized = authError(req);
    if (unauthorized) return sendError(res, unauthorized);
    const badHeaders = validateHeaders(req.headers['anthropic-version'] as string | undefined);
    if (badHeaders) return sendError(res, badHeaders);

    const pathname = new URL(req.url ?? '/', 'http://fake').pathname.replace(/\/+$/, '');
    if (method === 'GET' && pathname === '/v1/models') {
      const data = FAKE_MODELS.map(modelEntry);
      return sendJson(res, 200, { data, has_more: false, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null });
    }
    if (method === 'GET' && pathname.startsWith('/v1/models/')) {
      const id = decodeURIComponent(pathname.slice('/v1/models/'.length));
      return FAKE_MODELS.includes(id) ? sendJson(res, 200, modelEntry(id)) : sendError(res, { status: 404, message: `model: ${id}` });
    }
    if (method !== 'POST' || pathname !== '/v1/messages') return sendError(res, { status: 404, message: 'Not Found' });

    const fault = faults.shift();
    if (fault?.kind === 'status') return statusFault(res, fault);
    if (badJson || typeof body !== 'object' || body === null || Array.isArray(body)) {
      return sendError(res, { status: 400, message: 'There was an error parsing the body of your request' });
    }
    return messages(req, res, body as Record<string, unknown>, fault);
  }

  const origin = await core.listen(handle, (res, error) => sendError(res, { status: 500, message: `Fake upstream bug: ${String(error)}`, type: 'api_error' }));

  return {
    url: `${origin}`,
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

