// A fake Gemini API (Generative Language API v1beta) on 127.0.0.1:0. It speaks the real wire format (x-goog-api-key,
// proto-strict request parsing with the API's 400 messages, the turn and thought-signature rules, GenerateContentResponse,
// `alt=sse` streams, embeddings, the model list, Google's error envelope) and can misbehave on demand. Tests point the
// provider (or the official @google/genai SDK, `httpOptions.baseUrl`) at `fake.url` and inspect `fake.requests`.
import http from 'node:http';
import {
  API_KEY_INVALID_BODY, embedsContent, errorBody, FAKE_MODELS, fakeVector, generateContentBody, generatesContent, modelEntry,
  NO_KEY_BODY, notFoundBody, resolveGeminiReply, streamChunks, type FakeGeminiReply,
} from './fake-gemini-bodies.js';
import { validateEmbed, validateGenerateContent, type FakeGeminiError } from './fake-gemini-validation.js';
import { FakeHttp, readBody } from './fake-http.js';

export type { FakeGeminiFunctionCall, FakeGeminiReply, FakeGeminiUsage } from './fake-gemini-bodies.js';
export { fakeVector } from './fake-gemini-bodies.js';

export type FakeGeminiFault =
  /** Answer with this status; the body defaults to Google's error envelope for it (429 adds a RetryInfo detail of 7s). */
  | { kind: 'status'; status: number; body?: unknown; headers?: Record<string, string>; message?: string }
  /** Stream: cut the connection after this many chunks. Non-stream: half the body, then cut. */
  | { kind: 'drop-mid-stream'; afterChunks: number }
  /** Stop writing after this many chunks (default 0) and never finish; `headers: false` never sends the status line. */
  | { kind: 'stall'; afterChunks?: number; headers?: boolean }
  /** Stream: after this many chunks, a `data: {"error":{…}}` chunk (default 503 UNAVAILABLE) and the end. Non-stream: that status. */
  | { kind: 'stream-error-chunk'; afterChunks: number; status?: number; message?: string }
  /** Stream: every chunk but the one with finishReason, then a clean end. */
  | { kind: 'no-finish' };

// `body: any` on purpose: tests read arbitrary fields of the JSON the provider sent (body.contents[1].parts[0]…).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type RecordedRequest = { method: string; path: string; headers: Record<string, string | string[] | undefined>; body: any };

export interface FakeGemini {
  /** Base URL as the SDK (`httpOptions.baseUrl`) and our provider take it: the host root; paths start with /v1beta. */
  url: string;
  requests: RecordedRequest[];
  /** Queue a reply for the next generateContent / streamGenerateContent request, FIFO. Without one: "Hello from gemini". */
  reply(r: FakeGeminiReply): void;
  /** Queue a fault for the next authorised POST; faults win over replies (a faulted request consumes no reply). */
  fail(f: FakeGeminiFault): void;
  /** Resolves at the next request received after this call. */
  waitForRequest(): Promise<RecordedRequest>;
  /** Resolves when a client closes a connection while a response is in progress (latched). */
  clientAborted(): Promise<void>;
  /** Closes the server and destroys every socket, stalled ones included. */
  close(): Promise<void>;
}

export type FakeGeminiOptions = {
  /** Accepted as `x-goog-api-key: <key>` or `?key=<key>`. Default 'test-key'. */
  apiKey?: string;
};

const MAX_BODY_BYTES = 32 * 1024 * 1024;

/** `/v1beta/models/{model}:{method}` */
const METHOD_PATH = /^\/v1beta\/models\/([^/:]+):([A-Za-z]+)$/;

export async function startFakeGemini(opts: FakeGeminiOptions = {}): Promise<FakeGemini> {
  const apiKey = opts.apiKey ?? 'test-key';
  const requests: RecordedRequest[] = [];
  const replies: FakeGeminiReply[] = [];
  const faults: FakeGeminiFault[] = [];
  /** Every thought signature this fake handed out; others sent back are "corrupted". */
  const issuedSignatures = new Set<string>();
  const core = new FakeHttp<RecordedRequest>();
  const selfEnded = core.selfEnded;


  function commonHeaders(): Record<string, string> {
    return { vary: 'Origin, X-Origin, Referer', 'x-content-type-options': 'nosniff', server: 'scaffolding on HTTPServer2', 'server-timing': 'gfet4t7; dur=321' };
  }

  function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    const text = JSON.stringify(body, null, 2);
    res.writeHead(status, { ...commonHeaders(), 'content-type': 'application/json; charset=UTF-8', 'content-length': String(Buffer.byteLength(text)), ...headers });
    res.end(text);
  }

  function sendError(res: http.ServerResponse, e: FakeGeminiError): void {
    sendJson(res, e.status, errorBody(e.status, e.message, e.rpcStatus, e.details));
  }

  function dropConnection(res: http.ServerResponse): void {
    selfEnded.add(res);
    const socket = res.socket;
    if (!socket) return;
    socket.end(() => socket.destroy());
  }

  /** The API takes the key as a header or a `key` query parameter; no key is 403, a wrong one 400 API_KEY_INVALID. */
  function authError(req: http.IncomingMessage, url: URL): { status: number; body: unknown } | null {
    const header = req.headers['x-goog-api-key'];
    const given = (Array.isArray(header) ? header[0] : header) ?? url.searchParams.get('key') ?? undefined;
    if (given === undefined || given === '') return { status: 403, body: NO_KEY_BODY };
    return given === apiKey ? null : { status: 400, body: API_KEY_INVALID_BODY };
  }

  function statusFault(res: http.ServerResponse, f: Extract<FakeGeminiFault, { kind: 'status' }>): void {
    if (typeof f.body === 'string') {
      res.writeHead(f.status, { ...commonHeaders(), 'content-type': 'text/html; charset=UTF-8', ...f.headers });
      res.end(f.body);
      return;
    }
    sendJson(res, f.status, f.body !== undefined ? f.body : errorBody(f.status, f.message), f.headers ?? {});
  }

  /** `alt=sse`: `data: {json}` events with CRLF line ends; without it, one JSON array written piece by piece. */
  function writeStream(res: http.ServerResponse, chunks: unknown[], sse: boolean, fault: FakeGeminiFault | undefined): void {
    if (fault?.kind === 'stall' && fault.headers === false) return;
    res.writeHead(200, {
      ...commonHeaders(),
      'content-type': sse ? 'text/event-stream' : 'application/json; charset=UTF-8',
      'cache-control': 'no-cache',
    });
    res.flushHeaders();
    const limit = fault && 'afterChunks' in fault ? (fault.afterChunks ?? 0) : Infinity;
    const frame = (chunk: unknown, i: number) => (sse ? `data: ${JSON.stringify(chunk)}\r\n\r\n` : `${i === 0 ? '[' : ',\r\n'}${JSON.stringify(chunk, null, 2)}`);
    let written = 0;
    for (const chunk of chunks) {
      if (written >= limit || res.destroyed) break;
      res.write(frame(chunk, written++));
    }
    if (res.destroyed) return;
    switch (fault?.kind) {
      case 'drop-mid-stream':
        return dropConnection(res);
      case 'stall':
        return; // never writes again; close() destroys the socket
      case 'stream-error-chunk':
        res.end(frame(errorBody(fault.status ?? 503, fault.message), written) + (sse ? '' : ']'));
        return;
      default:
        res.end(sse ? '' : written === 0 ? '[]' : ']');
    }
  }

  function nonStream(res: http.ServerResponse, body: unknown, fault: FakeGeminiFault | undefined): void {
    switch (fault?.kind) {
      case 'drop-mid-stream': {
        const text = JSON.stringify(body, null, 2);
        res.writeHead(200, { ...commonHeaders(), 'content-type': 'application/json; charset=UTF-8', 'content-length': String(Buffer.byteLength(text)) });
        res.write(text.slice(0, Math.floor(text.length / 2)));
        return dropConnection(res);
      }
      case 'stall':
        if (fault.headers !== false) {
          res.writeHead(200, { ...commonHeaders(), 'content-type': 'application/json; charset=UTF-8' });
          res.flushHeaders();
        }
        return;
      case 'stream-error-chunk':
        return sendJson(res, fault.status ?? 503, errorBody(fault.status ?? 503, fault.message));
      default:
        return sendJson(res, 200, body);
    }
  }

  function generate(res: http.ServerResponse, model: string, json: Record<string, unknown>, stream: boolean, sse: boolean, fault: FakeGeminiFault | undefined): void {
    if (!generatesContent(model)) return sendJson(res, 404, notFoundBody(model, stream ? 'streamGenerateContent' : 'generateContent'));
    const invalid = validateGenerateContent(json, { model, issuedSignatures });
    if (invalid) return sendError(res, invalid);
    const reply = resolveGeminiReply(replies.shift() ?? {}, model, json, issuedSignatures);
    if (stream) return writeStream(res, streamChunks(reply, fault?.kind !== 'no-finish'), sse, fault);
    return nonStream(res, generateContentBody(reply), fault);
  }

  function embed(res: http.ServerResponse, model: string, method: 'embedContent' | 'batchEmbedContents', json: Record<string, unknown>, fault: FakeGeminiFault | undefined): void {
    if (!embedsContent(model)) return sendJson(res, 404, notFoundBody(model, method));
    const invalid = validateEmbed(json, method, model);
    if (invalid) return sendError(res, invalid);
    // `any`: validated request JSON.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const vectorFor = (request: any) => {
      const text = (request.content.parts as Array<{ text?: string }>).map((part) => part.text ?? '').join('');
      const dims = Number(request.outputDimensionality ?? request.output_dimensionality ?? (model === 'text-embedding-004' ? 768 : 3072));
      return { values: fakeVector(text, dims) };
    };
    const body = method === 'embedContent' ? { embedding: vectorFor(json) } : { embeddings: (json.requests as unknown[]).map(vectorFor) };
    return nonStream(res, body, fault);
  }

  function listModels(res: http.ServerResponse, url: URL): void {
    const size = Math.min(Number(url.searchParams.get('pageSize') ?? 50) || 50, 1000);
    const start = Number(url.searchParams.get('pageToken') ?? 0) || 0;
    const page = FAKE_MODELS.slice(start, start + size).map(modelEntry);
    const next = start + size < FAKE_MODELS.length ? { nextPageToken: String(start + size) } : {};
    sendJson(res, 200, { models: page, ...next });
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    core.watchForAbort(res);
    const raw = await readBody(req, MAX_BODY_BYTES);
    if (raw === null) return sendJson(res, 413, errorBody(413, 'Request payload size exceeds the limit: 33554432 bytes.'));
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

    const url = new URL(req.url ?? '/', 'http://fake');
    const unauthorized = authError(req, url);
    if (unauthorized) return sendJson(res, unauthorized.status, unauthorized.body);

    const pathname = url.pathname.replace(/\/+$/, '');
    if (method === 'GET' && pathname === '/v1beta/models') return listModels(res, url);
    if (method === 'GET' && pathname.startsWith('/v1beta/models/')) {
      const id = decodeURIComponent(pathname.slice('/v1beta/models/'.length));
      const model = FAKE_MODELS.find((m) => m.id === id);
      return model ? sendJson(res, 200, modelEntry(model)) : sendJson(res, 404, errorBody(404, `models/${id} is not found for API version v1beta`));
    }
    const match = METHOD_PATH.exec(pathname);
    const rpc = match?.[2];
    if (method !== 'POST' || !match || !rpc || !['generateContent', 'streamGenerateContent', 'embedContent', 'batchEmbedContents'].includes(rpc)) {
      return sendJson(res, 404, errorBody(404, `Method not found: ${method} ${pathname}`));
    }
    const model = decodeURIComponent(match[1]!);

    const fault = faults.shift();
    if (fault?.kind === 'status') return statusFault(res, fault);
    if (badJson || typeof body !== 'object' || body === null || Array.isArray(body)) {
      return sendJson(res, 400, errorBody(400, `Invalid JSON payload received. Unexpected token.\n${raw.slice(0, 40)}\n^`));
    }
    const json = body as Record<string, unknown>;
    if (rpc === 'embedContent' || rpc === 'batchEmbedContents') return embed(res, model, rpc, json, fault);
    return generate(res, model, json, rpc === 'streamGenerateContent', url.searchParams.get('alt') === 'sse', fault);
  }

  const origin = await core.listen(handle, (res, error) => sendJson(res, 500, errorBody(500, `Fake upstream bug: ${String(error)}`)));

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

