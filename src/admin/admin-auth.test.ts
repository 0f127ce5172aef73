import { afterEach, describe, expect, it, vi } from 'vitest';
import { hashPassword } from './password-hash.js';
import { CSRF, sessionCookieOf, startAdminHarness, type AdminHarness } from './testing/admin-test-harness.js';

const ENV_PASSWORD = 'env-password-123';
let harness: AdminHarness | undefined;

afterEach(async () => {
  vi.useRealTimers();
  await harness?.close();
  harness = undefined;
});

async function start(options: Parameters<typeof startAdminHarness>[0] = {}): Promise<AdminHarness> {
  harness = await startAdminHarness(options);
  return harness;
}

function login(h: AdminHarness, password: string, extra: { remoteAddress?: string; headers?: Record<string, string> } = {}) {
  return h.app.inject({
    method: 'POST',
    url: '/api/login',
    headers: { ...CSRF, ...extra.headers },
    payload: { password },
    ...(extra.remoteAddress ? { remoteAddress: extra.remoteAddress } : {}),
  });
}

describe('admin password at start-up', () => {
  it('generates a password on first start, prints it once in a banner (never in the log), and it works', async () => {
    const h = await start();
    expect(h.password).toMatch(/^[A-Za-z0-9_-]{20}$/);
    expect(h.printed).toHaveLength(1);
    expect(h.printed[0]).toContain(h.password);
    expect(h.printed[0]).toContain('Switchboard admin password');
    expect(h.logs.join('')).not.toContain(h.password);
    expect(h.logs.join('')).toContain('generated one');
    expect((await login(h, h.password)).statusCode).toBe(204);

    // A restart on the same database keeps the stored password and prints nothing.
    const database = h.database;
    await h.app.close();
    await h.store.close();
    const again = await startAdminHarness({ database });
    try {
      expect(again.printed).toEqual([]);
      expect((await login(again, h.password)).statusCode).toBe(204);
    } finally {
      await again.close();
      await database.drop();
      harness = undefined;
    }
  });

  it('uses ADMIN_PASSWORD, and a new value at the next start replaces the stored one', async () => {
    const h = await start({ passwordFromEnv: ENV_PASSWORD });
    expect(h.printed).toEqual([]);
    expect((await login(h, ENV_PASSWORD)).statusCode).toBe(204);
    const stored = await h.store.getPasswordHash();
    expect(stored).toMatch(/^scrypt\$/);
    expect(stored).not.toContain(ENV_PASSWORD);

    const database = h.database;
    await h.app.close();
    await h.store.close();
    const restarted = await startAdminHarness({ database, passwordFromEnv: 'another-env-password' });
    try {
      expect((await login(restarted, ENV_PASSWORD)).statusCode).toBe(401);
      expect((await login(restarted, 'another-env-password')).statusCode).toBe(204);
    } finally {
      await restarted.close();
      await database.drop();
      harness = undefined;
    }
  });
});

describe('login and sessions', () => {
  it('answers a wrong password with 401 and sets no cookie', async () => {
    const h = await start({ passwordFromEnv: ENV_PASSWORD });
    const response = await login(h, 'wrong-password');
    expect(response.statusCode).toBe(401);
    expect(response.json()).toEqual({ error: { code: 'unauthorized', message: 'wrong password' } });
    expect(response.headers['set-cookie']).toBeUndefined();
  });

  it('sets an HttpOnly SameSite=Strict cookie for the session lifetime, Secure only over https', async () => {
    const h = await start({ passwordFromEnv: ENV_PASSWORD, sessionTtlMs: 3_600_000 });
    const response = await login(h, ENV_PASSWORD);
    expect(response.statusCode).toBe(204);
    const setCookie = String(response.headers['set-cookie']);
    expect(setCookie).toMatch(/^switchboard_session=v1\.[^;]+; Max-Age=3600; Path=\/; HttpOnly; SameSite=Strict$/);

    const overTls = await login(h, ENV_PASSWORD, { headers: { 'x-forwarded-proto': 'https' } });
    expect(String(overTls.headers['set-cookie'])).toContain('; Secure');

    const session = await h.app.inject({ url: '/api/session', headers: { cookie: sessionCookieOf(response) } });
    expect(session.statusCode).toBe(200);
    const body = session.json();
    expect(body.authenticated).toBe(true);
    expect(Math.abs(body.expiresAt - (Date.now() + 3_600_000))).toBeLessThan(60_000);
  });

  it('refuses protected routes without a session', async () => {
    const h = await start({ passwordFromEnv: ENV_PASSWORD });
    for (const url of ['/api/session', '/api/providers', '/api/settings', '/api/usage/summary', '/api/dashboard']) {
      const response = await h.app.inject({ url });
      expect(response.statusCode, url).toBe(401);
      expect(response.json().error.code).toBe('unauthorized');
    }
    // However the client spells the path: the router decodes `%61` to `a`, so the guard must follow the route.
    for (const url of ['/%61pi/providers', '/api/provider%73', '/api/providers/', '/./api/providers', '/api/usage/export%2Ecsv']) {
      const response = await h.app.inject({ url });
      expect(response.statusCode, url).not.toBe(200);
      expect(response.body, url).not.toContain('openai');
    }
    expect((await h.app.inject({ method: 'HEAD', url: '/api/providers' })).statusCode).toBe(401);
    const encodedWrite = await h.app.inject({ method: 'PATCH', url: '/%61pi/settings', payload: { retentionDays: 1 } });
    expect(encodedWrite.statusCode).toBe(403);
    const write = await h.app.inject({ method: 'PATCH', url: '/api/settings', headers: CSRF, payload: { retentionDays: 1 } });
    expect(write.statusCode).toBe(401);
    expect((await h.store.loadConfig()).settings.retentionDays).toBe(365);
  });

  it('ends a session when it expires', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.UTC(2026, 7, 14, 12));
    const h = await start({ passwordFromEnv: ENV_PASSWORD, sessionTtlMs: 60_000 });
    const cookie = await h.login();
    expect((await h.app.inject({ url: '/api/session', headers: { cookie } })).statusCode).toBe(200);
    vi.setSystemTime(Date.UTC(2026, 7, 14, 12) + 59_000);
    expect((await h.app.inject({ url: '/api/session', headers: { cookie } })).statusCode).toBe(200);
    vi.setSystemTime(Date.UTC(2026, 7, 14, 12) + 61_000);
    const expired = await h.app.inject({ url: '/api/session', headers: { cookie } });
    expect(expired.statusCode).toBe(401);
    expect(expired.json().error.code).toBe('unauthorized');
  });

  it('rejects a tampered or foreign cookie', async () => {
    const h = await start({ passwordFromEnv: ENV_PASSWORD });
    const cookie = await h.login();
    const [version, expires, fingerprint, signature] = cookie.slice('switchboard_session='.length).split('.') as [string, string, string, string];
    const tampered = [
      [version, String(Number(expires) + 86_400_000), fingerprint, signature],
      [version, expires, fingerprint, `${signature.slice(0, -2)}AA`],
      [version, expires, 'AAAAAAAAAAAAAAAA', signature],
      [version, expires, fingerprint],
      ['junk'],
    ];
    for (const parts of tampered) {
      const response = await h.app.inject({ url: '/api/session', headers: { cookie: `switchboard_session=${parts.join('.')}` } });
      expect(response.statusCode, parts.join('.')).toBe(401);
    }
    expect((await h.app.inject({ url: '/api/session', headers: { cookie } })).statusCode).toBe(200);
  });

  it('logs out by clearing the cookie', async () => {
    const h = await start({ passwordFromEnv: ENV_PASSWORD });
    const cookie = await h.login();
    const response = await h.app.inject({ method: 'POST', url: '/api/logout', headers: { ...CSRF, cookie } });
    expect(response.statusCode).toBe(204);
    expect(String(response.headers['set-cookie'])).toMatch(/^switchboard_session=; Max-Age=0; Path=\/; Expires=Thu, 01 Jan 1970 [^;]+; HttpOnly; SameSite=Strict$/);
  });
});

describe('CSRF defences', () => {
  it('requires X-Switchboard-Csrf: 1 on every state-changing request, login included', async () => {
    const h = await start({ passwordFromEnv: ENV_PASSWORD });
    const noHeader = await h.app.inject({ method: 'POST', url: '/api/login', payload: { password: ENV_PASSWORD } });
    expect(noHeader.statusCode).toBe(403);
    expect(noHeader.json().error.code).toBe('csrf');
    expect(noHeader.headers['set-cookie']).toBeUndefined();
    const wrongValue = await h.app.inject({ method: 'POST', url: '/api/login', headers: { 'x-switchboard-csrf': 'yes' }, payload: { password: ENV_PASSWORD } });
    expect(wrongValue.statusCode).toBe(403);

    const cookie = await h.login();
    for (const [method, url] of [['PATCH', '/api/settings'], ['POST', '/api/providers'], ['PUT', '/api/aliases/custom'], ['DELETE', '/api/providers/x']] as const) {
      const response = await h.app.inject({ method, url, headers: { cookie }, payload: {} });
      expect(response.statusCode, `${method} ${url}`).toBe(403);
      expect(response.json().error.code).toBe('csrf');
    }
    const patched = await h.app.inject({ method: 'PATCH', url: '/api/settings', headers: { cookie, ...CSRF }, payload: { retentionDays: 30 } });
    expect(patched.statusCode).toBe(200);
  });

  it("refuses requests from a foreign Origin, and accepts this server's own", async () => {
    const h = await start({ passwordFromEnv: ENV_PASSWORD });
    const cookie = await h.login();
    const host = 'admin.lan:8080';
    const foreign = await h.app.inject({ method: 'PATCH', url: '/api/settings', headers: { cookie, ...CSRF, host, origin: 'http://evil.example' }, payload: { retentionDays: 1 } });
    expect(foreign.statusCode).toBe(403);
    expect(foreign.json().error.code).toBe('csrf');
    expect((await h.store.loadConfig()).settings.retentionDays).toBe(365);
    for (const origin of ['null', 'http://admin.lan:8081', 'https://admin.lan:8080.evil.example']) {
      const response = await h.app.inject({ url: '/api/settings', headers: { cookie, host, origin } });
      expect(response.statusCode, origin).toBe(403);
    }
    const loginFromElsewhere = await login(h, ENV_PASSWORD, { headers: { host, origin: 'http://evil.example' } });
    expect(loginFromElsewhere.statusCode).toBe(403);

    const same = await h.app.inject({ method: 'PATCH', url: '/api/settings', headers: { cookie, ...CSRF, host, origin: 'http://admin.lan:8080' }, payload: { retentionDays: 7 } });
    expect(same.statusCode).toBe(200);
    const proxied = await h.app.inject({
      url: '/api/settings',
      headers: { cookie, host: '127.0.0.1:8080', 'x-forwarded-host': 'switchboard.example.com', origin: 'https://switchboard.example.com' },
    });
    expect(proxied.statusCode).toBe(200);
  });

  it('accepts JSON bodies only', async () => {
    const h = await start({ passwordFromEnv: ENV_PASSWORD });
    const form = await h.app.inject({
      method: 'POST',
      url: '/api/login',
      headers: { ...CSRF, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `password=${ENV_PASSWORD}`,
    });
    expect(form.statusCode).toBe(415);
    expect(form.json().error.code).toBe('unsupported_media_type');
    const malformed = await h.app.inject({ method: 'POST', url: '/api/login', headers: { ...CSRF, 'content-type': 'application/json' }, payload: '{"password":' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toEqual({ error: { code: 'invalid_request', message: 'malformed JSON body' } });
  });
});

describe('login rate limit', () => {
  it('answers 429 with Retry-After after 5 failures from one IP, even for the right password, until the window ends', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const start0 = Date.UTC(2026, 7, 14, 12);
    vi.setSystemTime(start0);
    const h = await start({ passwordFromEnv: ENV_PASSWORD });
    for (let attempt = 0; attempt < 5; attempt++) expect((await login(h, `guess-${attempt}`)).statusCode).toBe(401);
    const limited = await login(h, ENV_PASSWORD);
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe('rate_limited');
    expect(limited.headers['retry-after']).toBe('60');
    expect((await login(h, ENV_PASSWORD, { remoteAddress: '10.9.9.9' })).statusCode).toBe(204);

    vi.setSystemTime(start0 + 30_000);
    expect((await login(h, ENV_PASSWORD)).headers['retry-after']).toBe('30');
    vi.setSystemTime(start0 + 60_000);
    expect((await login(h, ENV_PASSWORD)).statusCode).toBe(204);
  });

  it('forgets the failures after a successful login', async () => {
    const h = await start({ passwordFromEnv: ENV_PASSWORD });
    for (let attempt = 0; attempt < 4; attempt++) expect((await login(h, 'nope')).statusCode).toBe(401);
    expect((await login(h, ENV_PASSWORD)).statusCode).toBe(204);
    for (let attempt = 0; attempt < 4; attempt++) expect((await login(h, 'nope')).statusCode).toBe(401);
    expect((await login(h, ENV_PASSWORD)).statusCode).toBe(204);
  });

  it('counts parallel guesses before checking them', async () => {
    const h = await start({ passwordFromEnv: ENV_PASSWORD });
    const statuses = (await Promise.all(Array.from({ length: 8 }, (_, i) => login(h, `parallel-${i}`)))).map((r) => r.statusCode);
    expect(statuses.filter((status) => status === 401)).toHaveLength(5);
    expect(statuses.filter((status) => status === 429)).toHaveLength(3);
  });
});

describe('password change', () => {
  it('needs the current password, then ends the old sessions and keeps this browser logged in', async () => {
    const h = await start();
    const oldPassword = h.password;
    const cookie = await h.login();
    const otherBrowser = await h.login();
    const change = (currentPassword: string, newPassword: string) =>
      h.app.inject({ method: 'POST', url: '/api/password', headers: { ...CSRF, cookie }, payload: { currentPassword, newPassword } });

    const wrong = await change('not-the-password', 'a-new-password');
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json().error.code).toBe('wrong_password');
    const short = await change(oldPassword, 'short');
    expect(short.statusCode).toBe(400);
    expect(short.json().error.message).toContain("'newPassword'");

    const changed = await change(oldPassword, 'a-new-password');
    expect(changed.statusCode).toBe(204);
    const fresh = sessionCookieOf(changed);
    expect((await h.app.inject({ url: '/api/session', headers: { cookie } })).statusCode).toBe(401);
    expect((await h.app.inject({ url: '/api/session', headers: { cookie: otherBrowser } })).statusCode).toBe(401);
    expect((await h.app.inject({ url: '/api/session', headers: { cookie: fresh } })).statusCode).toBe(200);
    expect((await login(h, oldPassword)).statusCode).toBe(401);
    expect((await login(h, 'a-new-password')).statusCode).toBe(204);
    expect(h.logs.join('')).not.toContain('a-new-password');
  });

  it('is refused with 409 while ADMIN_PASSWORD sets the password', async () => {
    const h = await start({ passwordFromEnv: ENV_PASSWORD });
    const cookie = await h.login();
    const before = await h.store.getPasswordHash();
    const response = await h.app.inject({
      method: 'POST',
      url: '/api/password',
      headers: { ...CSRF, cookie },
      payload: { currentPassword: ENV_PASSWORD, newPassword: 'something-else' },
    });
    expect(response.statusCode).toBe(409);
    expect(response.json().error).toMatchObject({ code: 'password_from_env' });
    expect(response.json().error.message).toContain('ADMIN_PASSWORD');
    expect(await h.store.getPasswordHash()).toBe(before);
  });

  it('picks up a password changed by another instance at once', async () => {
    const h = await start({ passwordFromEnv: ENV_PASSWORD });
    const cookie = await h.login();
    await h.store.setPasswordHash(await hashPassword('set-elsewhere', { N: 1024, r: 8, p: 1 }));
    expect((await h.app.inject({ url: '/api/session', headers: { cookie } })).statusCode).toBe(401);
    expect((await login(h, 'set-elsewhere')).statusCode).toBe(204);
  });
});

describe('widget authentication', () => {
  it('accepts the session cookie or the admin password as a bearer token', async () => {
    const h = await start({ passwordFromEnv: ENV_PASSWORD });
    expect((await h.app.inject({ url: '/api/widget' })).statusCode).toBe(401);
    const bearer = await h.app.inject({ url: '/api/widget', headers: { authorization: `Bearer ${ENV_PASSWORD}` } });
    expect(bearer.statusCode).toBe(200);
    expect(bearer.json()).toEqual({ requestsToday: 0, tokensToday: 0, costTodayUsd: 0, requestsMonth: 0, tokensMonth: 0, costMonthUsd: 0 });
    expect((await h.app.inject({ url: '/api/widget', headers: { cookie: await h.login() } })).statusCode).toBe(200);
    // The bearer password opens the widget only.
    expect((await h.app.inject({ url: '/api/providers', headers: { authorization: `Bearer ${ENV_PASSWORD}` } })).statusCode).toBe(401);
  });

  it('rate-limits wrong bearer passwords like logins', async () => {
    const h = await start({ passwordFromEnv: ENV_PASSWORD });
    for (let attempt = 0; attempt < 5; attempt++) {
      expect((await h.app.inject({ url: '/api/widget', headers: { authorization: `Bearer wrong-${attempt}` } })).statusCode).toBe(401);
    }
    const limited = await h.app.inject({ url: '/api/widget', headers: { authorization: `Bearer ${ENV_PASSWORD}` } });
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });
});
