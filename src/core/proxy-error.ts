/** Stable codes that tests and clients can match on; messages are for people. */
export type ErrorCode =
  | 'invalid_request'
  | 'unsupported'
  | 'model_not_found'
  | 'provider_not_configured'
  | 'payload_too_large'
  | 'upstream_auth'
  | 'rate_limited'
  | 'upstream_error'
  /** The upstream says it is overloaded (Anthropic 529, 503): try again later. */
  | 'upstream_overloaded'
  | 'upstream_unreachable'
  | 'upstream_timeout'
  | 'upstream_protocol'
  | 'content_filter'
  | 'client_closed'
  | 'internal';

const DEFAULT_STATUS: Record<ErrorCode, number> = {
  invalid_request: 400,
  unsupported: 400,
  model_not_found: 404,
  provider_not_configured: 404,
  payload_too_large: 413,
  upstream_auth: 502,
  rate_limited: 429,
  upstream_error: 502,
  upstream_overloaded: 503,
  upstream_unreachable: 502,
  upstream_timeout: 504,
  upstream_protocol: 502,
  content_filter: 400,
  client_closed: 499,
  internal: 500,
};

export type ProxyErrorInfo = {
  /** HTTP status for the client; defaults by code. */
  status?: number;
  /** The request field at fault, for 400s. */
  param?: string;
  /** What the upstream answered, for logs and records. */
  upstreamStatus?: number;
  /** Seconds, passed on from the upstream's Retry-After. */
  retryAfter?: string;
  provider?: string;
  cause?: unknown;
};

const BRAND = Symbol.for('switchboard.ProxyError');

export class ProxyError extends Error {
  override name = 'ProxyError';
  readonly status: number;
  readonly [BRAND] = true;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly info: ProxyErrorInfo = {},
  ) {
    super(message, info.cause === undefined ? undefined : { cause: info.cause });
    this.status = info.status ?? DEFAULT_STATUS[code];
  }

  static is(value: unknown): value is ProxyError {
    return typeof value === 'object' && value !== null && (value as { [BRAND]?: boolean })[BRAND] === true;
  }
}

export function invalidRequest(message: string, param?: string): ProxyError {
  return new ProxyError('invalid_request', message, param === undefined ? {} : { param });
}
