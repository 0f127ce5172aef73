import type { FastifyRequest } from 'fastify';
import type { RequestTrace } from '../../core/gateway.js';
import '../../util/fastify-request-trace.js';

/** The server decorates `request.trace`; fall back to a fresh one so the surface also works standalone. */
export function requestTrace(request: FastifyRequest): RequestTrace {
  const existing: RequestTrace | null | undefined = request.trace;
  if (existing) return existing;
  const trace: RequestTrace = {};
  request.trace = trace;
  return trace;
}
