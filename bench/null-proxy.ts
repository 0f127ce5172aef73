// The smallest useful Node.js HTTP proxy, as a second baseline for the benchmark (see docs/performance.md).
//
// node:http server -> undici Pool (keep-alive) -> the mock upstream, body passed through untouched (no JSON parsing,
// no routing, no logging). Run on the proxy's core, it shows what one extra Node hop costs on this machine; the gap
// between it and Switchboard is Switchboard's own work (parsing, translating, validating, logging).
//
// Env: NULL_PROXY_UPSTREAM (origin, required), NULL_PROXY_PORT (default 0). Prints `{"port":N,"pid":N}` once listening.
// Exits on SIGTERM/SIGINT and, with NULL_PROXY_EXIT_ON_STDIN_CLOSE=1, when its stdin closes (the parent died).
import http from 'node:http';
import { Pool } from 'undici';

const upstream = process.env.NULL_PROXY_UPSTREAM;
if (!upstream) {
  process.stderr.write('null-proxy: NULL_PROXY_UPSTREAM is required\n');
  process.exit(2);
}
const pool = new Pool(upstream, { connections: 256, pipelining: 1, keepAliveTimeout: 30_000 });
const MAX_BODY_BYTES = 1024 * 1024;

const server = http.createServer((req, res) => {
  const parts: Buffer[] = [];
  let size = 0;
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size <= MAX_BODY_BYTES) parts.push(chunk);
  });
  req.on('error', () => res.destroy());
  req.on('end', () => {
    if (size > MAX_BODY_BYTES) {
      res.writeHead(413).end();
      return;
    }
    const controller = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) controller.abort();
    });
    pool
      .request({
        path: req.url ?? '/',
        method: req.method === 'GET' ? 'GET' : 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer bench-key' },
        body: req.method === 'GET' ? null : Buffer.concat(parts),
        signal: controller.signal,
      })
      .then(async (response) => {
        const contentType = response.headers['content-type'];
        res.writeHead(response.statusCode, contentType ? { 'content-type': String(contentType) } : {});
        for await (const chunk of response.body) res.write(chunk);
        res.end();
      })
      .catch(() => {
        if (!res.headersSent) res.writeHead(502);
        res.end();
      });
  });
});
server.keepAliveTimeout = 65_000;
server.headersTimeout = 66_000;

let closing = false;
function shutdown(): void {
  if (closing) return;
  closing = true;
  server.close();
  server.closeAllConnections();
  void pool.destroy();
  setTimeout(() => process.exit(0), 200).unref();
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
if (process.env.NULL_PROXY_EXIT_ON_STDIN_CLOSE === '1') {
  process.stdin.on('end', shutdown);
  process.stdin.on('close', shutdown);
  process.stdin.on('error', shutdown);
  process.stdin.resume();
}

server.listen(Number(process.env.NULL_PROXY_PORT ?? 0), '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  process.stdout.write(`${JSON.stringify({ port, pid: process.pid })}\n`);
});
