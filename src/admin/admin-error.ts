import type { FastifyReply } from 'fastify';
import type { ApiError } from './admin-api-types.js';

/** Stable codes the web UI can match on; messages are for people. */
export type AdminErrorCode =
  | 'invalid_request'
  | 'unauthorized'
  | 'csrf'
  | 'forbidden'
  | 'wrong_password'
  | 'not_found'
  | 'conflict'
  | 'reserved_id'
  | 'password_from_env'
  | 'unsupported'
  | 'unsupported_media_type'
  | 'payload_too_large'
  | 'rate_limited'
  | 'unavailable'
  | 'internal';

const DEFAULT_STATUS: Record<AdminErrorCode, number> = {
  invalid_request: 400,
  unauthorized: 401,
  csrf: 403,
  forbidden: 403,
  wrong_password: 403,
  not_found: 404,
  conflict: 409,
  reserved_id: 409,
  password_from_env: 409,
  unsupported: 409,
  unsupported_media_type: 415,
  payload_too_large: 413,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
};

/** Anything an admin route rejects with; rendered as {@link ApiError} by the app's error handler. */
export class AdminError extends Error {
  override name = 'AdminError';
  readonly status: number;

  constructor(
    readonly code: AdminErrorCode,
    message: string,
    readonly info: { status?: number; retryAfterSeconds?: number; cause?: unknown } = {},
  ) {
    super(message, { cause: info.cause });
    this.status = info.status ?? DEFAULT_STATUS[code];
  }
}

export function apiErrorBody(code: string, message: string): ApiError {
  return { error: { message, code } };
}

/** Sends an ApiError (no-store, like every /api answer). */
export function sendApiError(reply: FastifyReply, status: number, code: string, message: string): FastifyReply {
  return reply.code(status).type('application/json; charset=utf-8').send(JSON.stringify(apiErrorBody(code, message)));
}
