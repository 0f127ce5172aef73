import type { FastifyInstance, HTTPMethods } from 'fastify';
import { ProxyError } from '../../core/proxy-error.js';

const UNSUPPORTED: ReadonlyArray<{ method: HTTPMethods | HTTPMethods[]; url: string; operation: string }> = [
  { method: 'POST', url: '/api/push', operation: 'pushing models' },
  { method: 'POST', url: '/api/create', operation: 'creating models' },
  { method: 'POST', url: '/api/copy', operation: 'copying models' },
  { method: 'DELETE', url: '/api/delete', operation: 'deleting models' },
  { method: ['POST', 'HEAD'], url: '/api/blobs/:digest', operation: 'uploading blobs' },
];

/**
 * Model management a proxy cannot do: a plain 501 JSON error. It is thrown in `onRequest`, before the body is
 * parsed, so a binary blob upload or a malformed body still gets this answer rather than a 400.
 */
export function registerOllamaUnsupportedRoutes(app: FastifyInstance): void {
  for (const { method, url, operation } of UNSUPPORTED) {
    const error = (): ProxyError =>
      new ProxyError('unsupported', `${operation} is not supported by Switchboard (a proxy)`, { status: 501 });
    app.route({
      method,
      url,
      onRequest: async () => {
        throw error();
      },
      handler: async () => {
        throw error();
      },
    });
  }
}
