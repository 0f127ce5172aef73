import { Agent, request } from 'undici';
import type { Dispatcher } from 'undici';
import { ProxyError } from '../../core/proxy-error.js';
import { parseUpstreamHttpError } from '../openai-compatible/parse-openai-compatible-error.js';

export type UpstreamTimeouts = {
  /** TCP/TLS connect. */
  connectMs: number;
  /** Until the response headers arrive (the whole answer, for non-stream requests). */
  firstByteMs: number;
  /** Longest silence between two body chunks. */
  idleMs: number;
};

export type UpstreamHttp = {
  timeouts: UpstreamTimeouts;
  dispatcher: Dispatcher;
};

/** One keep-alive pool per origin, shared by every provider. */
export function createUpstreamHttp(timeouts: UpstreamTimeouts): UpstreamHttp {
  const dispatcher = new Agent({
    connect: { timeout: timeouts.connectMs },
    keepAliveTimeout: 30_000,
    connections: 256,
    pipelining: 1,
  });
  return { timeouts, dispatcher };
}

/** Turns a non-2xx answer into our error; each dialect reads its own error body shape. */
export type UpstreamErrorParser = (provider: string, status: number, bodyText: string, retryAfter: string | undefined) => ProxyError;

export type UpstreamResponse = { status: number; headers: Record<string, string | string[] | undefined>; body: Dispatcher.ResponseData['body'] };

/**
 * POST JSON (or GET) to an upstream and return the response once it is a success. Non-2xx statuses and network
 * failures become ProxyErrors here, so every provider maps them the same way.
 */
export async function sendUpstream(
  http: UpstreamHttp,
  provider: string,
  url: string,
  init: { method: 'GET' | 'POST'; headers: Record<string, string>; body?: string; signal: AbortSignal },
  parseError: UpstreamErrorParser = parseUpstreamHttpError,
): Promise<UpstreamResponse> {
  let response: Dispatcher.ResponseData;
  try {
    response = await request(url, {
      method: init.method,
      headers: init.headers,
      body: init.body ?? null,
      signal: init.signal,
      dispatcher: http.dispatcher,
      headersTimeout: http.timeouts.firstByteMs,
      bodyTimeout: http.timeouts.idleMs,
    });
  } catch (error) {
    if (init.signal.aborted) throw new ProxyError('client_closed', 'request aborted by the client', { provider, cause: error });
    throw networkError(error, provider);
  }
  if (response.statusCode >= 200 && response.statusCode < 300) {
    return { status: response.statusCode, headers: response.headers, body: response.body };
  }
  let text = '';
  try {
    text = await response.body.text();
  } catch {
    // The status is what matters; a body we cannot read only loses detail.
  }
  const retryAfter = response.headers['retry-after'];
  throw parseError(provider, response.statusCode, text, Array.isArray(retryAfter) ? retryAfter[0] : retryAfter);
}

export function networkError(error: unknown, provider: string): ProxyError {
  const code = (error as { code?: string } | null)?.code;
  const name = (error as { name?: string } | null)?.name;
  if (name === 'AbortError' || code === 'UND_ERR_ABORTED') {
    return new ProxyError('client_closed', 'request aborted by the client', { provider, cause: error });
  }
  if (code === 'UND_ERR_CONNECT_TIMEOUT') {
    return new ProxyError('upstream_timeout', `timed out connecting to ${provider}`, { provider, cause: error });
  }
  if (code === 'UND_ERR_HEADERS_TIMEOUT') {
    return new ProxyError('upstream_timeout', `${provider} did not answer in time`, { provider, cause: error });
  }
  if (code === 'UND_ERR_BODY_TIMEOUT') {
    return new ProxyError('upstream_timeout', `${provider} stopped sending (idle timeout)`, { provider, cause: error });
  }
  return new ProxyError('upstream_unreachable', `cannot reach ${provider}${code ? ` (${code})` : ''}`, { provider, cause: error });
}
