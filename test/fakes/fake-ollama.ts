// A fake Ollama server on 127.0.0.1:0. It speaks the native API's real wire formats (/api/tags, /api/show,
// /api/chat, /api/generate, /api/embed, /api/embeddings, /api/version, /api/ps; NDJSON streams; `{"error"}` bodies
// with Ollama's statuses and messages) and can misbehave on demand. Tests point a provider, discovery or the official
// `ollama` client at `fake.url` and inspect `fake.requests`.
import http from 'node:http';
import {
  fakeEmbedding, fakeTokenCount, loadBody, nonStreamBody, resolveOllamaReply, streamChunks, type FakeOllamaReply,
} from './fake-ollama-bodies.js';
import { DEFAULT_FAKE_OLLAMA_MODELS, showBody, tagsEntry, type FakeOllamaModel } from './fake-ollama-models.js';
import { isFakeOllamaError, resolveModel, validateChat, validateEmbed, validateGenerate, type FakeOllamaError } from './fake-ollama-validation.js';
import { FakeHttp, readBody } from './fake-http.js';

export type { FakeOllamaReply, FakeOllamaToolCall } from './fake-ollama-bodies.js';
export type { FakeOllamaModel } from './fake-ollama-models.js';
export { DEFAULT_FAKE_OLLAMA_MODELS } from './fake-ollama-models.js';
export { fakeEmbedding } from './fake-ollama-bodies.js';

/** Where a fault applies. Without a route: the next chat, generate or embed request. */
export type FakeOllamaRoute = 'chat' | 'generate' | 'embed' | 'tags' | 'show';

export type FakeOllamaFault = { route?: FakeOllamaRoute } & (
  /** Answer with this status and `{"error": error}` (or `body` as given: a string is sent as text/plain). */
  | { kind: 'status'; status: number; error?: string; body?: unknown; headers?: Record<string, string> }
  /** Stream: cut the connection after this many NDJSON lines. Non-stream: half the body, then cut. */
  | { kind: 'drop-mid-stream'; afterChunks: number }
  /** Stop writing after this many lines (default 0) and never finish; `headers: false` never sends the status line. */
  | { kind: 'stall'; afterChunks?: number; headers?: boolean }
  /** Stream: after this many lines, `{"error": message}` and the end (status stays 200). Non-stream: a 500. */
  | { kind: 'error-line'; afterChunks: number; message?: string }
);

// `body: any` on purpose: tests read arbitrary fields of the JSON that was sent (body.messages[1].tool_calls…).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type RecordedRequest = { method: string; path: string; headers: Record<string, string | string[] | undefined>; body: any };

export interface FakeOllama {
  /** Host root, as Ollama clients take it (`OLLAMA_HOST`, `new Ollama({ host })`); paths are /api/…. */
  url: string;
  requests: RecordedRequest[];
  /** Queue a reply for the next /api/chat or /api/generate with messages/prompt, FIFO. */
  reply(r: FakeOllamaReply): void;
  /** Queue a fault; faults win over replies (a faulted request consumes no reply). */
  fail(f: FakeOllamaFault): void;
  /** Replace the pulled models (what /api/tags lists and every route resolves against). */
  setModels(models: readonly FakeOllamaModel[]): void;
  /** Resolves at the next request received after this call. */
  waitForRequest(): Promise<RecordedRequest>;
  /** Resolves when a client closes a connection while a response is in progress (latched). */
  clientAborted(): Promise<void>;
  /** Closes the server and destroys every socket, stalled ones included. */
  close(): Promise<void>;
}

export type FakeOllamaOptions = {
  /** Default: DEFAULT_FAKE_OLLAMA_MODELS. */
  models?: readonly FakeOllamaModel[];
  /** When set, /api/* requires `Authorization: Bearer <key>` (ollama.com, an auth proxy); local Ollama has none. */
  apiKey?: string;
};

export const FAKE_OLLAMA_VERSION = '0.13.0';
const MAX_BODY_BYTES = 32 * 1024 * 1024;

type Route = FakeOllamaRoute | 'embeddings' | 'version' | 'ps' | 'root';

/** Method + path → route, as gin registers them; a known path with another method is a 405. */
const ROUTES: Record<string, { methods: string[]; route: Route }> = {
  '/': { methods: ['GET', 'HEAD'], route: 'root' },
  '/api/version': { methods: ['GET', 'HEAD'], route: 'version' },
  '/api/tags': { methods: ['GET', 'HEAD'], route: 'tags' },
  '/api/ps': { methods: ['GET'], route: 'ps' },
  '/api/show': { methods: ['POST'], route: 'show' },
  '/api/chat': { methods: ['POST'], route: 'chat' },
  '/api/generate': { methods: ['POST'], route: 'generate' },
  '/api/embed': { methods: ['POST'], route: 'embed' },
  '/api/embeddings': { methods: ['POST'], route: 'embeddings' },
};

export async function startFakeOllama(opts: FakeOllamaOptions = {}): Promise<FakeOllama> {
  let models: readonly FakeOllamaModel[] = opts.models ?? DEFAULT_FAKE_OLLAMA_MODELS;
  const requests: RecordedRequest[] = [];
  const replies: FakeOllamaReply[] = [];
  const faults: FakeOllamaFault[] = [];
  const core = new FakeHttp<RecordedRequest>();
  const selfEnded = core.selfEnded;


  function takeFault(route: Route): FakeOllamaFault | undefined {
    const inference = route === 'chat' || route === 'generate' || route === 'embed' || route === 'embeddings';
    const index = faults.findIndex((f) => (f.route === undefined ? inference : f.route === route || (f.route === 'embed' && route === 'embeddings')));
    return index === -1 ? undefined : faults.splice(index, 1)[0];
  }

  function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(text)), ...headers });
    res.end(text);
  }

  function sendError(res: http.ServerResponse, e: FakeOllamaError): void {
    sendJson(res, e.status, { error: e.error });
  }

  function sendText(res: http.ServerResponse, status: number, text: string): void {
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': String(Buffer.byteLength(text)) });
    res.end(text);
  }

  /** Flush what was written, then cut the connection (FIN without a complete body). */
  function dropConnection(res: http.ServerResponse): void {
    selfEnded.add(res);
    const socket = res.socket;
    if (!socket) return;
    socket.end(() => socket.destroy());
  }

  function statusFault(res: http.ServerResponse, f: Extract<FakeOllamaFault, { kind: 'status' }>): void {
    if (typeof f.body === 'string') {
      res.writeHead(f.status, { 'content-type': 'text/plain; charset=utf-8', ...f.headers });
      res.end(f.body);
      return;
    }
    const fallback = f.status === 503 ? 'server busy, please try again.  maximum pending requests exceeded' : `fake ollama failure (HTTP ${f.status})`;
    sendJson(res, f.status, f.body !== undefined ? f.body : { error: f.error ?? fallback }, f.headers);
  }

  /** Non-stream faults; true when the fault produced the response. */
  function nonStreamFault(res: http.ServerResponse, fault: FakeOllamaFault | undefined, body: () => unknown): boolean {
    switch (fault?.kind) {
      case 'drop-mid-stream': {
        const text = JSON.stringify(body());
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(text)) });
        res.write(text.slice(0, Math.floor(text.length / 2)));
        dropConnection(res);
        return true;
      }
      case 'stall':
        if (fault.headers !== false) {
          res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
          res.flushHeaders();
        }
        return true;
      case 'error-line':
        sendError(res, { status: 500, error: fault.message ?? 'an error was encountered while running the model: unexpected EOF' });
        return true;
      default:
        return false;
    }
  }

  /** NDJSON, one object per line, flushed as written; faults cut, stall or end it with an error line. */
  function writeStream(res: http.ServerResponse, chunks: unknown[], fault: FakeOllamaFault | undefined): void {
    res.writeHead(200, { 'content-type': 'application/x-ndjson' });
    res.flushHeaders();
    const limit = fault && 'afterChunks' in fault ? (fault.afterChunks ?? 0) : Infinity;
    for (const [i, chunk] of chunks.entries()) {
      if (i >= limit || res.destroyed) break;
      res.write(`${JSON.stringify(chunk)}\n`);
    }
    if (res.destroyed) return;
    switch (fault?.kind) {
      case 'drop-mid-stream':
        return dropConnection(res);
      case 'stall':
        return; // never writes again; close() destroys the socket
      case 'error-line':
        res.end(`${JSON.stringify({ error: fault.message ?? 'an error was encountered while running the model: unexpected EOF' })}\n`);
        return;
      default:
        res.end();
    }
  }

  function complete(res: http.ServerResponse, kind: 'chat' | 'generate', body: Record<string, unknown>, fault: FakeOllamaFault | undefined): void {
    const validated = kind === 'chat' ? validateChat(body, models) : validateGenerate(body, models);
    if (isFakeOllamaError(validated)) return sendError(res, validated);
    const stream = body.stream !== false;
    const requestModel = body.model as string;
    const empty = kind === 'chat' ? !Array.isArray(body.messages) || body.messages.length === 0 : !body.prompt;
    // Ollama answers a load/unload probe with one JSON object even when streaming was asked for.
    if (empty) return sendJson(res, 200, loadBody(kind, requestModel, body.keep_alive));
    const reply = resolveOllamaReply(replies.shift() ?? {}, requestModel, body.think);
    const raw = body.raw === true;
    if (stream) return writeStream(res, streamChunks(kind, reply, raw), fault);
    if (nonStreamFault(res, fault, () => nonStreamBody(kind, reply, raw))) return;
    sendJson(res, 200, nonStreamBody(kind, reply, raw));
  }

  function embed(res: http.ServerResponse, route: 'embed' | 'embeddings', body: Record<string, unknown>, fault: FakeOllamaFault | undefined): void {
    if (route === 'embeddings') {
      const model = resolveModel(models, body);
      if (isFakeOllamaError(model)) return sendError(res, model);
      const prompt = typeof body.prompt === 'string' ? body.prompt : '';
      const answer = () => ({ embedding: prompt === '' ? [] : fakeEmbedding(prompt, model.embeddingLength ?? 8) });
      if (nonStreamFault(res, fault, answer)) return;
      return sendJson(res, 200, answer());
    }
    const validated = validateEmbed(body, models);
    if (isFakeOllamaError(validated)) return sendError(res, validated);
    const dimensions = typeof body.dimensions === 'number' ? body.dimensions : (validated.model.embeddingLength ?? 8);
    const answer = () => ({
      model: body.model,
      embeddings: validated.inputs.map((input) => fakeEmbedding(input, dimensions)),
      total_duration: 14_143_917,
      load_duration: 1_019_500,
      prompt_eval_count: validated.inputs.reduce((sum, input) => sum + fakeTokenCount(input), 0),
    });
    if (nonStreamFault(res, fault, answer)) return;
    sendJson(res, 200, answer());
  }

  function authorised(req: http.IncomingMessage): boolean {
    if (opts.apiKey === undefined) return true;
    const match = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '');
    return match?.[1] === opts.apiKey;
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    core.watchForAbort(res);
    const raw = await readBody(req, MAX_BODY_BYTES);
    if (raw === null) return sendError(res, { status: 413, error: 'http: request body too large' });
    let body: unknown = undefined;
    let parseError: string | undefined;
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw);
      } catch {
        body = raw;
        parseError = `invalid character '${raw.trim()[0] ?? ' '}' looking for beginning of value`;
      }
    }
    const method = req.method ?? 'GET';
    const recorded: RecordedRequest = { method, path: req.url ?? '/', headers: { ...req.headers }, body };
    core.record(recorded);

    const pathname = new URL(req.url ?? '/', 'http://fake').pathname;
    const entry = ROUTES[pathname];
    if (!entry) return sendText(res, 404, '404 page not found');
    if (!entry.methods.includes(method)) return sendText(res, 405, '405 method not allowed');
    const route = entry.route;
    if (route === 'root') return sendText(res, 200, 'Ollama is running');
    if (!authorised(req)) return sendError(res, { status: 401, error: 'unauthorized' });
    if (route === 'version') return sendJson(res, 200, { version: FAKE_OLLAMA_VERSION });
    if (route === 'ps') return sendJson(res, 200, { models: [] });

    const fault = takeFault(route);
    if (fault?.kind === 'status') return statusFault(res, fault);
    if (route === 'tags') {
      if (nonStreamFault(res, fault, () => ({ models: models.map(tagsEntry) }))) return;
      return sendJson(res, 200, { models: models.map(tagsEntry) });
    }
    if (raw.length === 0) return sendError(res, { status: 400, error: 'missing request body' });
    if (parseError !== undefined) return sendError(res, { status: 400, error: parseError });
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return sendError(res, { status: 400, error: `json: cannot unmarshal ${Array.isArray(body) ? 'array' : typeof body} into Go value of type api.Request` });
    }
    const json = body as Record<string, unknown>;
    if (route === 'show') {
      // `name` is the deprecated spelling Continue still sends.
      const model = resolveModel(models, json.model === undefined ? { model: json.name } : json);
      if (isFakeOllamaError(model)) return sendError(res, model);
      if (nonStreamFault(res, fault, () => showBody(model))) return;
      return sendJson(res, 200, showBody(model));
    }
    if (route === 'embed' || route === 'embeddings') return embed(res, route, json, fault);
    return complete(res, route, json, fault);
  }

  const origin = await core.listen(handle, (res, error) => sendError(res, { status: 500, error: `fake ollama bug: ${String(error)}` }));

  return {
    url: `${origin}`,
    requests: core.requests,
    reply(r) {
      replies.push(r);
    },
    fail(f) {
      faults.push(f);
    },
    setModels(next) {
      models = [...next];
    },
    waitForRequest: () => core.waitForRequest(),
    clientAborted: () => core.clientAborted(),
    close: () => core.close(),
  };
}

