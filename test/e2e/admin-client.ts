/** A logged-in admin API session for tests and the benchmark (bench/tracking-admin.ts); nothing else imported. */

export const ADMIN_PASSWORD = 'usage-e2e-admin-password';

/** A logged-in admin API session (cookie + CSRF header), as the web UI uses it. */
export class AdminClient {
  private constructor(private readonly baseUrl: string, private readonly cookie: string) {}

  static async login(adminUrl: string | undefined, password = ADMIN_PASSWORD): Promise<AdminClient> {
    if (adminUrl === undefined) throw new Error('the admin API is not enabled');
    const response = await fetch(`${adminUrl}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-switchboard-csrf': '1' },
      body: JSON.stringify({ password }),
    });
    const cookie = response.headers.getSetCookie().find((value) => value.startsWith('switchboard_session='));
    if (response.status !== 204 || cookie === undefined) throw new Error(`login failed: ${response.status} ${await response.text()}`);
    return new AdminClient(adminUrl, cookie.split(';')[0]!);
  }

  get<T>(path: string): Promise<T> {
    return this.call<T>('GET', path);
  }

  send<T>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> {
    return this.call<T>(method, path, body);
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { cookie: this.cookie };
    if (method !== 'GET') headers['x-switchboard-csrf'] = '1';
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${this.baseUrl}${path}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return (text === '' ? undefined : JSON.parse(text)) as T;
  }
}

