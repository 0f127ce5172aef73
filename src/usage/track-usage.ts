import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction, RouteOptions } from 'fastify';
import type { Settings, Surface, UsageRecordInput } from '../store/store.js';
import '../util/fastify-request-trace.js';
import { toProxyError } from '../util/to-proxy-error.js';
import { buildUsageRecord } from './build-usage-record.js';
import { clientAddress, TrustedProxies } from './client-address.js';
import { inferenceSurface, streamRequested } from './inference-endpoints.js';
import { resolveHeaderTags } from './resolve-tags.js';
import type { UsageRecorder } from './usage-recorder.js';

export type UsageTrackingOptions = {
  recorder: Pick<UsageRecorder, 'reserve'>;
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
 * The record goes to the recorder's in-memory queue (reserved when the request starts, so a shutdown waits for it);
 * nothing else happens on the request's path.
 */
export function registerUsageTracking(app: FastifyInstance, options: UsageTrackingOptions): void {
  const trustedProxies = trustedProxiesCache(app);

  // A failure before the answer: note its code (the error handler then renders it in the surface's shape).
  const onError: OnErrorHook = (request, _reply, error, done) => {
    request.trace.errorKind ??= toProxyError(error).code;
    done();
  };

  function onRequestFor(surface: Surface, endpoint: string): OnRequestHook {
    return (request, reply, done) => {
      const settings = options.settings();
      if (settings.trackingEnabled) watchResponse(request, reply, surface, endpoint, settings);
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

  function watchResponse(request: FastifyRequest, reply: FastifyReply, surface: Surface, endpoint: string, settings: Settings): void {
    const time = Date.now();
    const startedAt = performance.now();
    // Read now: after the socket closes, its address may no longer be available.
    const socketAddress = request.raw.socket.remoteAddress ?? '';
    const response = reply.raw;
    // Reserved now, delivered on close: shutdown waits for the records of responses still running.
    const deliver = options.recorder.reserve();
    response.on('close', () => {
      let record: UsageRecordInput | undefined;
      try {
        const headers = request.headers;
        const facts = {
          time,
          startedAt,
          surface,
          endpoint,
          clientIp: clientAddress(socketAddress, headers['x-forwarded-for'], trustedProxies(settings)),
          userAgent: headers['user-agent'] ?? null,
          streamRequested: streamRequested(endpoint, request.body),
        };
        const outcome = { statusCode: reply.statusCode, finished: response.writableEnded, endedAt: performance.now() };
        record = buildUsageRecord(facts, request.trace, outcome, settings.defaultTag);
      } catch (error) {
        // An event listener must never throw: that would take the process down.
        request.log.error({ err: error }, 'could not record usage');
      }
      deliver(record);
    });
  }

  app.addHook('onRoute', (route: RouteOptions) => {
    const surface = inferenceSurface(route.method, route.url);
    if (surface === undefined) return;
    route.onRequest = withHook(route.onRequest, onRequestFor(surface, route.url));
    route.onError = withHook(route.onError, onError);
  });
}
