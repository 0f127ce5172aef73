import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { isApiPath } from './admin-request-guards.js';

/** Vite names files under assets/ by content hash: they never change, so they can be cached for a year. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Everything else (index.html above all) must be revalidated, or a browser keeps running an old UI after an update. */
const REVALIDATE = 'no-cache';

function isHashedAsset(path: string): boolean {
  return /(^|[\\/])assets[\\/]/.test(path);
}

/** Serves the built web UI at `/` from `webRoot`. The SPA fallback (index.html for app routes) is {@link sendSpaIndex}. */
export async function registerWebUi(app: FastifyInstance, webRoot: string): Promise<void> {
  await app.register(fastifyStatic, {
    root: webRoot,
    prefix: '/',
    index: ['index.html'],
    cacheControl: false,
    dotfiles: 'deny',
    setHeaders: (reply, path) => {
      reply.header('cache-control', isHashedAsset(path) ? IMMUTABLE : REVALIDATE);
    },
  });
}

/** True for GET/HEAD paths the single-page app routes itself (not /api, not a missing hashed asset). */
export function isSpaRoute(method: string, url: string): boolean {
  if (method !== 'GET' && method !== 'HEAD') return false;
  return !isApiPath(url) && !url.startsWith('/assets/');
}

export function sendSpaIndex(reply: FastifyReply): FastifyReply {
  return reply.code(200).header('cache-control', REVALIDATE).sendFile('index.html');
}
