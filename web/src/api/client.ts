import { ApiError } from './api-error.js';
import type { ApiError as ApiErrorBody } from './types.js';

/**
 * The only place the UI calls fetch. Sends the session cookie, adds the CSRF header the API requires on every
 * state-changing request, turns error answers into ApiError, and reports a lost session (401) so the app can
 * go back to the login page.
 */

export type QueryValue = string | number | boolean | readonly string[] | null | undefined;
export type QueryParams = Record<string, QueryValue>;

type RequestOptions = {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  query?: QueryParams;
  body?: unknown;
  signal?: AbortSignal;
};

let onUnauthorized: (() => void) | undefined;

/** Called on every 401 except the login call's own (a wrong password is not a lost session). */
export function setUnauthorizedHandler(handler: (() => void) | undefined): void {
  onUnauthorized = handler;
}

/** `?a=1&b=x,y` from a params object: lists become comma-separated, empty values are left out. */
export function toQueryString(query: QueryParams | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) {
      if (value.length > 0) params.set(name, value.join(','));
    } else {
      params.set(name, String(value));
    }
  }
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

export function apiUrl(path: string, query?: QueryParams): string {
  return `${path}${toQueryString(query)}`;
}

export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  if (method !== 'GET') headers['x-switchboard-csrf'] = '1';
  let body: string | undefined;
  if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }

  let response: Response;
  try {
    response = await fetch(apiUrl(path, options.query), {
      method,
      headers,
      body,
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'network', 'Cannot reach the Switchboard admin API. Is the server running?');
  }

  if (!response.ok) {
    const failure = await readError(response);
    if (response.status === 401 && path !== '/api/login') onUnauthorized?.();
    throw failure;
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text === '' ? undefined : JSON.parse(text)) as T;
}

async function readError(response: Response): Promise<ApiError> {
  const retryAfter = response.headers.get('retry-after');
  const retryAfterSeconds = retryAfter !== null && /^\d+$/.test(retryAfter) ? Number(retryAfter) : null;
  let message = `The server answered ${response.status} ${response.statusText}`.trim();
  let code = `http_${response.status}`;
  try {
    const body = (await response.json()) as Partial<ApiErrorBody>;
    if (typeof body.error?.message === 'string') message = body.error.message;
    if (typeof body.error?.code === 'string') code = body.error.code;
  } catch {
    // Not JSON (a reverse proxy's error page, say): keep the status line.
  }
  return new ApiError(response.status, code, message, retryAfterSeconds);
}
