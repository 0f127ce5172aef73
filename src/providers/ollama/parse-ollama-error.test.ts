import { describe, expect, it } from 'vitest';
import { parseOllamaHttpError } from './parse-ollama-error.js';

const parse = (status: number, body: unknown, retryAfter?: string) =>
  parseOllamaHttpError('ollama', status, typeof body === 'string' ? body : JSON.stringify(body), retryAfter);

describe('parseOllamaHttpError', () => {
  it("maps Ollama's statuses with its message", () => {
    expect(parse(404, { error: "model 'x' not found" })).toMatchObject({ code: 'model_not_found', status: 404, message: "ollama: model 'x' not found" });
    expect(parse(400, { error: '"m" does not support tools' })).toMatchObject({ code: 'invalid_request', status: 400, message: 'ollama rejected the request: "m" does not support tools' });
    expect(parse(500, { error: 'llama runner process has terminated' })).toMatchObject({ code: 'upstream_error', status: 502, info: { upstreamStatus: 500 } });
    expect(parse(503, { error: 'server busy, please try again.  maximum pending requests exceeded' }, '2')).toMatchObject({
      code: 'upstream_overloaded',
      status: 503,
      info: { retryAfter: '2' },
    });
    expect(parse(429, { error: 'you have reached your hourly usage limit' }, '60')).toMatchObject({ code: 'rate_limited', status: 429, info: { retryAfter: '60' } });
  });

  it('treats a 404 without an Ollama error body as a wrong base URL, not a missing model', () => {
    expect(parse(404, '404 page not found')).toMatchObject({ code: 'upstream_error', status: 502, message: expect.stringContaining('check that its base URL') });
  });

  it('never repeats an auth failure text (an auth proxy may echo the key)', () => {
    const error = parse(401, { error: 'invalid key sk-secret' });
    expect(error).toMatchObject({ code: 'upstream_auth', status: 502 });
    expect(error.message).not.toContain('sk-secret');
  });
});
