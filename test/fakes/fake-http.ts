// The HTTP plumbing every fake upstream shares: listening on 127.0.0.1:0, recording requests, noticing client
// aborts, reading bodies with a size limit, and closing with every socket destroyed. Each fake keeps its own wire
// format, validation and faults.
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export class FakeHttp<Recorded> {
  readonly requests: Recorded[] = [];
  /** Responses the fake ended on purpose (drop); their close is not a client abort. */
  readonly selfEnded = new WeakSet<http.ServerResponse>();
  private requestWaiters: Array<(request: Recorded) => void> = [];
  private abortWaiters: Array<() => void> = [];
  private pendingAborts = 0;
  private closing = false;
  private closed: Promise<void> | undefined;
  private readonly sockets = new Set<Socket>();
  private server: http.Server | undefined;

  /** Starts listening; `onBug` answers a handler that threw (500 if nothing was sent yet). Returns the base URL. */
  async listen(
    handle: (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>,
    onBug: (res: http.ServerResponse, error: unknown) => void,
  ): Promise<string> {
    const server = http.createServer((req, res) => {
      handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) onBug(res, error);
        else res.destroy();
      });
    });
    this.server = server;
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  /** Call first thing per request: a response closed before it finished (and not by the fake) is a client abort. */
  watchForAbort(res: http.ServerResponse): void {
    res.on('close', () => {
      if (!res.writableFinished && !this.selfEnded.has(res) && !this.closing) this.onClientAbort();
    });
  }

  record(request: Recorded): void {
    this.requests.push(request);
    const waiters = this.requestWaiters;
    this.requestWaiters = [];
    for (const waiter of waiters) waiter(request);
  }

  waitForRequest(): Promise<Recorded> {
    return new Promise((resolve) => this.requestWaiters.push(resolve));
  }

  /** Resolves on the next client abort, or at once for one that already happened and was not awaited yet. */
  clientAborted(): Promise<void> {
    if (this.pendingAborts > 0) {
      this.pendingAborts--;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => this.abortWaiters.push(resolve));
  }

  close(): Promise<void> {
    this.closed ??= new Promise<void>((resolve) => {
      this.closing = true;
      if (!this.server) return resolve();
      this.server.close(() => resolve());
      for (const socket of this.sockets) socket.destroy();
      this.server.closeAllConnections();
    });
    return this.closed;
  }

  private onClientAbort(): void {
    if (this.abortWaiters.length === 0) {
      this.pendingAborts++;
      return;
    }
    const waiters = this.abortWaiters;
    this.abortWaiters = [];
    for (const waiter of waiters) waiter();
  }
}

/** The whole request body as text, or null past `maxBytes`. */
export function readBody(req: http.IncomingMessage, maxBytes: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooBig = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) tooBig = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooBig ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
