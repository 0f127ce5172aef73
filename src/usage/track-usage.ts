import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction, RouteOptions } from 'fastify';
import type { ServerResponse } from 'node:http';
// Imported rather than the global: `performance` on globalThis is a lazy accessor, looked up on every use.
import { performance } from 'node:perf_hooks';
import type { Settings, Surface, UsageRecordInput } from '../store/store.js';
import '../util/fastify-request-trace.js';
import { toProxyError } from '../util/to-proxy-error.js';
import { buildUsageRecord } from './build-usage-record.js';
import { clientAddress, TrustedProxies } from './client-address.js';
import { inferenceSurface, streamRequested } from './inference-endpoints.js';
import { resolveHeaderTags } from './resolve-tags.js';
import type { UsageRecorder } from './usage-recorder.js';

export type UsageTrackingOptions = {
  recorder: Pick<UsageRecorder, 'reserve' | 'deliver'>;
  /** Read once per inference request, so settings changes apply to the next request. */
  settings: () => Settings;
};

type OnRequestHook = (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => void;
type OnErrorHook = (request: FastifyRequest, reply: FastifyReply, error: Error, done: () => void) => void;

/** Route-level hooks may already be a function or a list; ours run after them (and after every app-level hook). */
function withHook<T>(existing: T | T[] | undefined, hook: T): T[] {
  if (existing === undefined) return [hook];
  return Array.isArray(existing) ? [...existing, hook] : [existing, hook];
}

/** Remembers the trusted-proxies list built from the current setting until the setting changes. */
function trustedProxiesCache(app: FastifyInstance): (settings: Settings) => TrustedProxies {
  let source: readonly string[] | undefined;
  let list = new TrustedProxies([]);
  return (settings) => {
    if (settings.trustedProxies !== source) {
      source = settings.trustedProxies;
      list = new TrustedProxies(source);
      if (list.invalid.length > 0) app.log.warn({ invalid: list.invalid }, 'ignoring trusted proxy entries that are not an IP or CIDR');
    }
    return list;
  };
}

/** What a request's record needs from its start, kept on its response until the response closes. */
class UsageWatch {
  constructor(
    readonly request: FastifyRequest,
    readonly reply: FastifyReply,
    readonly surface: Surface,
    readonly endpoint: string,
    readonly settings: Settings,
    /** Epoch ms when the request arrived. */
    readonly time: number,
    /** `performance.now()` when the request arrived. */
    readonly startedAt: number,
    /** Read at the start: after the socket closes, its address may no longer be available. */
    readonly socketAddress: string,
    /** Builds the record and hands it to the recorder (one per app: registerUsageTracking's). */
    readonly deliver: (watch: UsageWatch, response: ServerResponse) => void,
  ) {}
}

const kUsageWatch = Symbol('switchboard.usageWatch');
type WatchedResponse = ServerResponse & { [kUsageWatch]?: UsageWatch };

/**
 * The one `close` listener of every tracked response, shared rather than a closure per request: a fresh closure
 * costs an allocation and, at its first call, V8's lazy-compile trampoline (measured with perf under load).
 */
function onResponseClose(this: WatchedResponse): void {
  const watch = this[kUsageWatch];
  if (watch === undefined) return;
  this[kUsageWatch] = undefined;
  watch.deliver(watch, this);
}

/**
 * One usage record per inference request (the routes in inference-endpoints.ts), success or failure, abandoned
 * streams included. Must be called before the surfaces are registered (buildApp's `usageTracking` option does):
 * an `onRoute` hook gives exactly those routes their hooks, so every other route pays nothing, and no request pays
 * a route lookup.
 *
 * Per request, one `onRequest` hook starts the clock (before the body is read, so latency covers it), resolves the
 * header tags and listens for the response's `close`. A bad tag is `done(error)`, which Fastify hands to the route's
 * own error handler, exactly as from a `preHandler`: the client gets the 400 in its surface's shape.
 *
 * Why `close`: it fires exactly once per response, after a complete answer and when the client disconnects
 * mid-answer alike. Fastify's `onResponse` runs only on `finish`, so never for an abandoned stream, and
 * `onRequestAbort` only when the request itself was aborted (its body not fully received), so neither alone sees
 * every request. `writableEnded` then tells the two apart: we called `end()` before the connection closed, or not.
 * The record goes to the recorder's in-memory batch (reserved when the request starts, so a shutdown waits for it);
 * nothing else happens on the request's path.
 */
export function registerUsageTracking(app: FastifyInstance, options: UsageTrackingOptions): void {
  const trustedProxies = trustedProxiesCache(app);
  const recorder = options.recorder;

  // A failure before the answer: note its code (the error handler then renders it in the surface's shape).
  const onError: OnErrorHook = (request, _reply, error, done) => {
    request.trace.errorKind ??= toProxyError(error).code;
    done();
  };

  function deliver(watch: UsageWatch, response: ServerResponse): void {
    let record: UsageRecordInput | undefined;
    try {
      const { request, settings } = watch;
      const headers = request.headers;
      const facts = {
        time: watch.time,
        startedAt: watch.startedAt,
        surface: watch.surface,
        endpoint: watch.endpoint,
        clientIp: clientAddress(watch.socketAddress, headers['x-forwarded-for'], trustedProxies(settings)),
        userAgent: headers['user-agent'] ?? null,
        streamRequested: streamRequested(watch.endpoint, request.body),
      };
      const outcome = { statusCode: watch.reply.statusCode, finished: response.writableEnded, endedAt: performance.now() };
      record = buildUsageRecord(facts, request.trace, outcome, settings.defaultTag);
    } catch (error) {
      // An event listener must never throw: that would take the process down.
      watch.request.log.error({ err: error }, 'could not record usage');
    }
    recorder.deliver(record);
  }

  function onRequestFor(surface: Surface, endpoint: string): OnRequestHook {
    return (request, reply, done) => {
      const settings = options.settings();
      if (settings.trackingEnabled) {
        const response: WatchedResponse = reply.raw;
        response[kUsageWatch] = new UsageWatch(
          request, reply, surface, endpoint, settings, Date.now(), performance.now(), request.raw.socket.remoteAddress ?? '', deliver,
        );
        // Reserved now, delivered on close: shutdown waits for the records of responses still running.
        recorder.reserve();
        response.on('close', onResponseClose);
      }
      let headerTags: string[] | undefined;
      try {
        headerTags = resolveHeaderTags(request.headers);
      } catch (error) {
        done(error as Error);
        return;
      }
      if (headerTags !== undefined) request.trace.tags = headerTags;
      done();
    };
  }

  app.addHook('onRoute', (route: RouteOptions) => {
    const surface = inferenceSurface(route.method, route.url);
    if (surface === undefined) return;
    route.onRequest = withHook(route.onRequest, onRequestFor(surface, route.url));
    route.onError = withHook(route.onError, onError);
  });
}
