import type { FastifyInstance } from 'fastify';

/** Ollama's default allowed origins (envconfig.AllowedOrigins): local pages, desktop apps and editor webviews. */
const DEFAULT_ORIGIN = /^(https?:\/\/(localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\])(:\d+)?|app:\/\/.*|file:\/\/.*|tauri:\/\/.*|vscode-webview:\/\/.*|vscode-file:\/\/.*)$/;

const ALLOWED_HEADERS =
  'Authorization, Content-Type, User-Agent, Accept, X-Requested-With, OpenAI-Beta, X-Proxy-Tag, x-stainless-arch, x-stainless-lang, x-stainless-os, x-stainless-package-version, x-stainless-retry-count, x-stainless-runtime, x-stainless-runtime-version, x-stainless-timeout';

/** Browser clients (extensions, web UIs) call the proxy directly; answer preflights and tag allowed origins. */
export function registerCors(app: FastifyInstance, extraOrigins: string[]): void {
  const allowAll = extraOrigins.includes('*');
  const extra = new Set(extraOrigins);
  const allowed = (origin: string): boolean => allowAll || extra.has(origin) || DEFAULT_ORIGIN.test(origin);

  app.addHook('onRequest', (request, reply, done) => {
    const origin = request.headers.origin;
    if (origin === undefined || !allowed(origin)) {
      done();
      return;
    }
    reply.header('access-control-allow-origin', origin).header('vary', 'Origin');
    if (request.method !== 'OPTIONS') {
      done();
      return;
    }
    reply
      .header('access-control-allow-methods', 'GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS')
      .header('access-control-allow-headers', ALLOWED_HEADERS)
      .header('access-control-max-age', '86400')
      .code(204)
      .send();
  });
}
