/** A few admin API calls from Node for the demo setup: log in once, then JSON with the session cookie and CSRF header. */
export type AdminClient = { call<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH', path: string, body?: unknown): Promise<T> };

export async function adminClient(adminUrl: string, password: string): Promise<AdminClient> {
  const login = await fetch(`${adminUrl}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-switchboard-csrf': '1' },
    body: JSON.stringify({ password }),
  });
  if (login.status !== 204) throw new Error(`admin login: ${login.status} ${await login.text()}`);
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  return {
    async call<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH', path: string, body?: unknown): Promise<T> {
      const response = await fetch(`${adminUrl}${path}`, {
        method,
        headers: {
          cookie,
          ...(method === 'GET' ? {} : { 'x-switchboard-csrf': '1' }),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
      const text = await response.text();
      return (text === '' ? undefined : JSON.parse(text)) as T;
    },
  };
}
