import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AdminAuth } from './admin-auth.js';
import { AdminError } from './admin-error.js';
import type { RouteAuth } from './admin-route.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The admin session proven by the request's cookie, once the auth hook has checked it. */
    adminSession: { expiresAt: number } | null;
  }
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
export const CSRF_HEADER = 'x-switchboard-csrf';

export function isApiPath(url: string): boolean {
  return url === '/api' || url.startsWith('/api/') || url.startsWith('/api?');
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** True when the browser's Origin names this server (as the Host header, or the host a reverse proxy forwarded). */
function originMatchesHost(origin: string, request: FastifyRequest): boolean {
  let originHost: string;
  try {
    originHost = new URL(origin).host.toLowerCase();
  } catch {
    return false; // includes `null` (sandboxed frames, file:// pages)
  }
  const hosts = [request.headers.host, headerValue(request.headers['x-forwarded-host'])?.split(',')[0]?.trim()];
  return hosts.some((host) => host !== undefined && host !== '' && stripDefaultPort(host.toLowerCase(), origin) === originHost);
}

/** `example.com:443` in Host equals `https://example.com` as an Origin (URL drops default ports). */
function stripDefaultPort(host: string, origin: string): string {
  if (origin.startsWith('https:') && host.endsWith(':443')) return host.slice(0, -4);
  if (origin.startsWith('http:') && host.endsWith(':80')) return host.slice(0, -3);
  return host;
}

/**
 * CSRF defence for the cookie session: a state-changing request must carry `X-Switchboard-Csrf: 1`, a header no
 * cross-site form can send (and cross-site fetch only after a CORS preflight we never approve), and no /api request
 * may come from a foreign Origin. SameSite=Strict on the cookie is the third layer.
 */
export function checkCsrf(request: FastifyRequest): void {
  const origin = request.headers.origin;
  if (origin !== undefined && !originMatchesHost(origin, request)) {
    throw new AdminError('csrf', 'cross-origin request refused: the Origin does not match this server');
  }
  if (STATE_CHANGING.has(request.method) && headerValue(request.headers[CSRF_HEADER]) !== '1') {
    throw new AdminError('csrf', `missing header X-Switchboard-Csrf: 1 (required on ${request.method} requests)`);
  }
}

function bearerPassword(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header === undefined) return undefined;
  const match = /^Bearer\s+(.+)$/i.exec(header);
  return match?.[1];
}

/**
 * Runs before the body is read: CSRF checks, then the route's auth requirement. Both are decided by the matched
 * route's `auth` config (every admin route declares one, see AdminRouter), never by the raw URL, which a client can
 * spell differently (`/%61pi/…` reaches /api/… in the router). Requests that match no admin route (static files,
 * 404s) need no session; the CSRF checks still apply to anything under /api.
 */
export function registerRequestGuards(app: FastifyInstance, auth: AdminAuth): void {
  app.decorateRequest('adminSession', null);
  app.addHook('onRequest', async (request) => {
    const required: RouteAuth | undefined = request.routeOptions.config.auth;
    if (required !== undefined || isApiPath(request.url)) checkCsrf(request);
    if (required === undefined || required === 'public') return;
    request.adminSession = await auth.sessionOf(request);
    if (request.adminSession) return;
    const password = required === 'session-or-password' ? bearerPassword(request) : undefined;
    if (password !== undefined) {
      if (await auth.checkPassword(password, request.ip)) return;
      throw new AdminError('unauthorized', 'wrong admin password');
    }
    throw new AdminError('unauthorized', 'log in first (POST /api/login)');
  });
}
