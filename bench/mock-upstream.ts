// A minimal, fast upstream for the benchmark (see docs/performance.md), speaking two dialects.
//
// POST /v1/chat/completions answers like OpenAI: a small `chat.completion` JSON with usage, or (with "stream": true)
// an SSE stream: role chunk, MOCK_STREAM_CHUNKS content chunks, finish chunk, usage chunk (`choices: []`, only
// when `stream_options.include_usage`), `data: [DONE]`. POST /v1/messages answers like Anthropic's Messages API
// (x-api-key and anthropic-version required): a `message` JSON with usage, or the full SSE sequence (message_start,
// ping, content_block_start, MOCK_STREAM_CHUNKS content_block_delta, content_block_stop, message_delta with usage,
// message_stop), same text and token counts as the OpenAI answer. Streams are written at once unless a delay between
// chunks is set. Stream shape, in order of precedence: request headers `x-mock-chunks` / `x-mock-delay-ms` (direct calls only:
// the proxy does not forward them), then the runtime config set with `POST /__mock/config {"chunks":40,"delayMs":25}`,
// then the env vars MOCK_STREAM_CHUNKS (default 5) / MOCK_STREAM_DELAY_MS (default 0).
// `GET /__mock/stats` returns request counters (to prove the proxy really forwarded); `POST /__mock/stats/reset`.
// `POST /__mock/adopt {"pid":N}`: if our parent dies without cleaning up (stdin closes), SIGTERM that process too.
//
// Started by bench/run-bench.ts as a child process: prints one JSON line `{"port":N,"pid":N}` on stdout once listening,
// exits on SIGTERM/SIGINT, and with MOCK_EXIT_ON_STDIN_CLOSE=1 also when its stdin closes (the parent died).
import http from 'node:http';

const HOST = process.env.MOCK_HOST ?? '127.0.0.1';
const PORT = Number(process.env.MOCK_PORT ?? 0);
const MAX_BODY_BYTES = 1024 * 1024;
const MAX_CHUNKS = 1000;
const MAX_DELAY_MS = 1000;

const config = {
  chunks: clampInt(process.env.MOCK_STREAM_CHUNKS, 5, 1, MAX_CHUNKS),
  delayMs: clampInt(process.env.MOCK_STREAM_DELAY_MS, 0, 0, MAX_DELAY_MS),
};

const stats = { requests: 0, chat: 0, messages: 0, streams: 0, openStreams: 0, maxOpenStreams: 0, badRequests: 0, connections: 0, openConnections: 0 };

const REPLY = 'Hi! How can I help you today?';
/** The content split into the stream's deltas (re-cycled when more chunks are asked for). */
const PIECES = ['Hi', '!', ' How can I', ' help you', ' today?'];
const CREATED = Math.floor(Date.now() / 1000);
const FINGERPRINT = 'fp_bench0mock';
const USAGE = {
  prompt_tokens: 9,
  completion_tokens: 10,
  total_tokens: 19,
  prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
  completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
};

/** The same counts in Anthropic's shape (input 9, output 10: what the OpenAI answer reports). */
const ANTHROPIC_USAGE = {
  input_tokens: 9,
  cache_creation_input_tokens: 0,
  cache_read_input_tokens: 0,
  cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 },
  output_tokens: 10,
  service_tier: 'standard',
};

let sequence = 0;
const nextId = (): string => `chatcmpl-bench${(++sequence).toString(36).padStart(10, '0')}`;
const nextMessageId = (): string => `msg_01bench${(++sequence).toString(36).padStart(12, '0')}`;

function clampInt(value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined || value.trim() === '') return fallback;
  const parsed = Number(value);
  if (!Number.isFinite(parsed)) return fallback;
  return Math.min(max, Math.max(min, Math.trunc(parsed)));
}

function completionBody(model: string): string {
  return JSON.stringify({
    id: nextId(),
    object: 'chat.completion',
    created: CREATED,
    model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: REPLY, refusal: null, annotations: [] },
        logprobs: null,
        finish_reason: 'stop',
      },
    ],
    usage: USAGE,
    service_tier: 'default',
    system_fingerprint: FINGERPRINT,
  });
}

/** The SSE events of one stream, each already framed as `data: …\n\n`. */
function streamEvents(model: string, chunks: number, includeUsage: boolean): string[] {
  const id = nextId();
  const usageField = includeUsage ? ',"usage":null' : '';
  const head = `{"id":"${id}","object":"chat.completion.chunk","created":${CREATED},"model":${JSON.stringify(model)},"service_tier":"default","system_fingerprint":"${FINGERPRINT}","choices":`;
  const frame = (choices: string, tail = usageField): string => `data: ${head}${choices}${tail}}\n\n`;
  const events: string[] = [];
  events.push(frame('[{"index":0,"delta":{"role":"assistant","content":"","refusal":null},"logprobs":null,"finish_reason":null}]'));
  for (let i = 0; i < chunks; i++) {
    const piece = PIECES[i % PIECES.length] ?? '';
    events.push(frame(`[{"index":0,"delta":{"content":${JSON.stringify(piece)}},"logprobs":null,"finish_reason":null}]`));
  }
  events.push(frame('[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}]'));
  if (includeUsage) events.push(frame('[]', `,"usage":${JSON.stringify(USAGE)}`));
  events.push('data: [DONE]\n\n');
  return events;
}

function messageBody(model: string): string {
  return JSON.stringify({
    id: nextMessageId(),
    type: 'message',
    role: 'assistant',
    model,
    content: [{ type: 'text', text: REPLY }],
    stop_reason: 'end_turn',
    stop_sequence: null,
    usage: ANTHROPIC_USAGE,
  });
}

/** Anthropic's SSE sequence for one text reply, each event framed as `event: …\ndata: …\n\n`. */
function messageEvents(model: string, chunks: number): string[] {
  const frame = (type: string, data: string): string => `event: ${type}\ndata: {"type":"${type}"${data}}\n\n`;
  const start = { id: nextMessageId(), type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, usage: { ...ANTHROPIC_USAGE, output_tokens: 1 } };
  const events: string[] = [];
  events.push(frame('message_start', `,"message":${JSON.stringify(start)}`));
  events.push(frame('ping', ''));
  events.push(frame('content_block_start', ',"index":0,"content_block":{"type":"text","text":""}'));
  for (let i = 0; i < chunks; i++) {
    const piece = PIECES[i % PIECES.length] ?? '';
    events.push(frame('content_block_delta', `,"index":0,"delta":{"type":"text_delta","text":${JSON.stringify(piece)}}`));
  }
  events.push(frame('content_block_stop', ',"index":0'));
  events.push(frame('message_delta', `,"delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":${JSON.stringify(ANTHROPIC_USAGE)}`));
  events.push(frame('message_stop', ''));
  return events;
}

function sendJson(res: http.ServerResponse, status: number, body: string): void {
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    'x-request-id': `req_bench${sequence}`,
    'openai-processing-ms': '1',
  });
  res.end(body);
}

function sendError(res: http.ServerResponse, status: number, message: string): void {
  stats.badRequests++;
  sendJson(res, status, JSON.stringify({ error: { message, type: 'invalid_request_error', param: null, code: null } }));
}

function stream(res: http.ServerResponse, events: string[], delayMs: number): void {
  stats.streams++;
  stats.openStreams++;
  if (stats.openStreams > stats.maxOpenStreams) stats.maxOpenStreams = stats.openStreams;
  let open = true;
  const finish = (): void => {
    if (!open) return;
    open = false;
    stats.openStreams--;
  };
  res.on('close', finish);
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    'x-request-id': `req_bench${sequence}`,
    'openai-processing-ms': '1',
  });
  if (delayMs === 0) {
    // Everything at once, in as few syscalls as possible (chunked encoding, one HTTP chunk per event).
    res.cork();
    for (let i = 0; i < events.length - 1; i++) res.write(events[i]!);
    res.end(events[events.length - 1]!);
    res.uncork();
    finish();
    return;
  }
  let index = 0;
  const writeNext = (): void => {
    if (res.destroyed) return finish();
    const event = events[index++]!;
    if (index >= events.length) {
      res.end(event);
      finish();
      return;
    }
    res.write(event);
    setTimeout(writeNext, delayMs);
  };
  writeNext();
}

function handleChat(req: http.IncomingMessage, res: http.ServerResponse, text: string): void {
  stats.chat++;
  let body: { model?: unknown; stream?: unknown; stream_options?: { include_usage?: unknown } | null; messages?: unknown };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    return sendError(res, 400, 'We could not parse the JSON body of your request.');
  }
  if (typeof body.model !== 'string' || !Array.isArray(body.messages) || body.messages.length === 0) {
    return sendError(res, 400, "Missing required parameter: 'model' or 'messages'.");
  }
  if (body.stream !== true) return sendJson(res, 200, completionBody(body.model));
  const chunks = clampInt(header(req, 'x-mock-chunks'), config.chunks, 1, MAX_CHUNKS);
  const delayMs = clampInt(header(req, 'x-mock-delay-ms'), config.delayMs, 0, MAX_DELAY_MS);
  stream(res, streamEvents(body.model, chunks, body.stream_options?.include_usage === true), delayMs);
}

function sendAnthropicError(res: http.ServerResponse, status: number, type: string, message: string): void {
  stats.badRequests++;
  sendJson(res, status, JSON.stringify({ type: 'error', error: { type, message } }));
}

/** Checks only what a real Messages API would reject at once (credentials, version, required fields). */
function handleMessages(req: http.IncomingMessage, res: http.ServerResponse, text: string): void {
  stats.messages++;
  if (!header(req, 'x-api-key')) return sendAnthropicError(res, 401, 'authentication_error', 'x-api-key header is required');
  if (!header(req, 'anthropic-version')) return sendAnthropicError(res, 400, 'invalid_request_error', 'anthropic-version: header is required');
  let body: { model?: unknown; max_tokens?: unknown; messages?: unknown; stream?: unknown };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    return sendAnthropicError(res, 400, 'invalid_request_error', 'The request body is not valid JSON.');
  }
  if (typeof body.model !== 'string' || typeof body.max_tokens !== 'number' || !Array.isArray(body.messages) || body.messages.length === 0) {
    return sendAnthropicError(res, 400, 'invalid_request_error', 'model, max_tokens and messages are required');
  }
  if (body.stream !== true) return sendJson(res, 200, messageBody(body.model));
  const chunks = clampInt(header(req, 'x-mock-chunks'), config.chunks, 1, MAX_CHUNKS);
  const delayMs = clampInt(header(req, 'x-mock-delay-ms'), config.delayMs, 0, MAX_DELAY_MS);
  stream(res, messageEvents(body.model, chunks), delayMs);
}

function header(req: http.IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function handleControl(req: http.IncomingMessage, res: http.ServerResponse, path: string, text: string): void {
  if (req.method === 'GET' && path === '/__mock/stats') return sendJson(res, 200, JSON.stringify({ ...stats, config }));
  if (req.method === 'POST' && path === '/__mock/stats/reset') {
    Object.assign(stats, { requests: 0, chat: 0, messages: 0, streams: 0, maxOpenStreams: stats.openStreams, badRequests: 0, connections: 0 });
    return sendJson(res, 200, JSON.stringify(stats));
  }
  if (req.method === 'POST' && path === '/__mock/adopt') {
    const pid = Number((JSON.parse(text || '{}') as { pid?: unknown }).pid);
    if (!Number.isInteger(pid) || pid <= 1) return sendError(res, 400, 'bad pid');
    adopted.add(pid);
    return sendJson(res, 200, JSON.stringify({ adopted: [...adopted] }));
  }
  if (req.method === 'POST' && path === '/__mock/config') {
    try {
      const wanted = JSON.parse(text || '{}') as { chunks?: unknown; delayMs?: unknown };
      if (wanted.chunks !== undefined) config.chunks = clampInt(String(wanted.chunks), config.chunks, 1, MAX_CHUNKS);
      if (wanted.delayMs !== undefined) config.delayMs = clampInt(String(wanted.delayMs), config.delayMs, 0, MAX_DELAY_MS);
    } catch {
      return sendError(res, 400, 'bad config JSON');
    }
    return sendJson(res, 200, JSON.stringify(config));
  }
  sendError(res, 404, `Unknown request URL: ${req.method} ${path}`);
}

const server = http.createServer((req, res) => {
  stats.requests++;
  const path = (req.url ?? '/').split('?')[0] ?? '/';
  // Always consume the request body before answering, like a real server.
  const parts: Buffer[] = [];
  let size = 0;
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size <= MAX_BODY_BYTES) parts.push(chunk);
  });
  req.on('end', () => {
    if (size > MAX_BODY_BYTES) return sendError(res, 413, 'request body too large');
    const text = parts.length === 1 ? parts[0]!.toString('utf8') : Buffer.concat(parts).toString('utf8');
    if (path.startsWith('/__mock/')) return handleControl(req, res, path, text);
    if (req.method === 'POST' && (path === '/v1/chat/completions' || path === '/chat/completions')) return handleChat(req, res, text);
    if (req.method === 'POST' && path === '/v1/messages') return handleMessages(req, res, text);
    sendError(res, 404, `Unknown request URL: ${req.method} ${path}`);
  });
  req.on('error', () => res.destroy());
});
server.on('connection', (socket) => {
  stats.connections++;
  stats.openConnections++;
  socket.on('close', () => stats.openConnections--);
});
// Keep-alive on, for longer than any client's idle timeout in the benchmark.
server.keepAliveTimeout = 65_000;
server.headersTimeout = 66_000;
server.requestTimeout = 0;
server.maxRequestsPerSocket = 0;

/** Processes the parent asked us to take down with us if it dies without stopping them (see /__mock/adopt). */
const adopted = new Set<number>();

let closing = false;
function orphaned(): void {
  for (const pid of adopted) {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  shutdown();
}
function shutdown(): void {
  if (closing) return;
  closing = true;
  server.close();
  server.closeAllConnections();
  setTimeout(() => process.exit(0), 200).unref();
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
if (process.env.MOCK_EXIT_ON_STDIN_CLOSE === '1') {
  // The parent holds our stdin open: when it goes away (even SIGKILLed), so do we.
  process.stdin.on('end', orphaned);
  process.stdin.on('close', orphaned);
  process.stdin.on('error', orphaned);
  process.stdin.resume();
}

server.listen(PORT, HOST, () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : PORT;
  process.stdout.write(`${JSON.stringify({ port, pid: process.pid })}\n`);
});
