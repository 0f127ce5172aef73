import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from './api-error.js';
import { apiRequest, setUnauthorizedHandler, toQueryString } from './client.js';

type Call = { url: string; init: RequestInit };

function stubFetch(response: () => Response): Call[] {
  const calls: Call[] = [];
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return response();
  });
  return calls;
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

afterEach(() => {
  vi.unstubAllGlobals();
  setUnauthorizedHandler(undefined);
});

describe('toQueryString', () => {
  it('joins lists with commas and leaves out empty values', () => {
    expect(toQueryString({ from: 1, to: 2, tags: ['a', 'b c'], models: [], clients: undefined, q: '' }))
      .toBe('?from=1&to=2&tags=a%2Cb+c');
  });

  it('is empty when nothing is set', () => {
    expect(toQueryString({ tags: [] })).toBe('');
  });
});

describe('apiRequest', () => {
  it('sends the CSRF header and a JSON body on state-changing requests', async () => {
    const calls = stubFetch(() => json(200, { ok: true }));
    await apiRequest('/api/aliases/custom', { method: 'PUT', body: { alias: 'x' } });
    const headers = calls[0]?.init.headers as Record<string, string>;
    expect(headers['x-switchboard-csrf']).toBe('1');
    expect(headers['content-type']).toBe('application/json');
    expect(calls[0]?.init.body).toBe('{"alias":"x"}');
    expect(calls[0]?.init.credentials).toBe('same-origin');
  });

  it('sends no CSRF header on reads', async () => {
    const calls = stubFetch(() => json(200, []));
    await apiRequest('/api/models');
    expect((calls[0]?.init.headers as Record<string, string>)['x-switchboard-csrf']).toBeUndefined();
  });

  it('answers undefined for 204', async () => {
    stubFetch(() => new Response(null, { status: 204 }));
    await expect(apiRequest('/api/logout', { method: 'POST' })).resolves.toBeUndefined();
  });

  it('turns the error body into an ApiError with status, code and Retry-After', async () => {
    stubFetch(() => json(429, { error: { message: 'too many attempts', code: 'rate_limited' } }, { 'retry-after': '42' }));
    const error = await apiRequest('/api/login', { method: 'POST', body: { password: 'x' } }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 429, code: 'rate_limited', message: 'too many attempts', retryAfterSeconds: 42 });
  });

  it('keeps the status line when the error is not JSON', async () => {
    stubFetch(() => new Response('<html>Bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }));
    await expect(apiRequest('/api/dashboard')).rejects.toMatchObject({ status: 502, code: 'http_502' });
  });

  it('reports a lost session, but not a wrong password', async () => {
    const onUnauthorized = vi.fn();
    setUnauthorizedHandler(onUnauthorized);
    stubFetch(() => json(401, { error: { message: 'not logged in', code: 'unauthorized' } }));
    await expect(apiRequest('/api/login', { method: 'POST', body: { password: 'x' } })).rejects.toMatchObject({ status: 401 });
    expect(onUnauthorized).not.toHaveBeenCalled();
    await expect(apiRequest('/api/models')).rejects.toMatchObject({ status: 401 });
    expect(onUnauthorized).toHaveBeenCalledOnce();
  });

  it('reports an unreachable server as a network ApiError', async () => {
    vi.stubGlobal('fetch', async () => { throw new TypeError('fetch failed'); });
    await expect(apiRequest('/api/session')).rejects.toMatchObject({ status: 0, code: 'network' });
  });
});
