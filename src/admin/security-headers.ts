import type { FastifyInstance } from 'fastify';

/**
 * What the built web UI (Vite + React) needs and nothing more: its own scripts (no inline ones), its own styles plus
 * inline style attributes (charts and React set them), images and fonts from itself or data: URLs, and API calls to
 * itself. No framing, no plugins, no <base> tricks, forms post only here.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const HEADERS: ReadonlyArray<[string, string]> = [
  ['content-security-policy', CONTENT_SECURITY_POLICY],
  ['x-content-type-options', 'nosniff'],
  ['referrer-policy', 'no-referrer'],
  ['x-frame-options', 'DENY'],
  ['cross-origin-opener-policy', 'same-origin'],
  ['cross-origin-resource-policy', 'same-origin'],
];

/** Security headers on every response (API, static files, errors); API answers are never cached. */
export function registerSecurityHeaders(app: FastifyInstance, isApi: (url: string) => boolean): void {
  app.addHook('onSend', (request, reply, payload, done) => {
    for (const [name, value] of HEADERS) reply.header(name, value);
    if (request.routeOptions.config.auth !== undefined || isApi(request.url)) reply.header('cache-control', 'no-store');
    done(null, payload);
  });
}
