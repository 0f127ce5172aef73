import type { RequestTrace } from '../core/gateway.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Filled while handling the request (model, provider…), read by the server's log line. */
    trace: RequestTrace;
  }
}

export {};
