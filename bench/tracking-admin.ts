// Tracking phase, `toggle` mode: the proxy's own admin API turns usage tracking on and off between runs (the setting
// applies to the next request, without a restart) and reports how many records are written.
import { randomBytes } from 'node:crypto';
import { request } from 'undici';
import { freePort, HarnessError, sleep, type ProxyLaunch } from './harness.js';

/** An admin API on a free loopback port with a fresh password, for startProxy's `launch.env`. */
export async function adminAccess(): Promise<{ env: Record<string, string>; admin: AdminClient }> {
  const port = await freePort();
  const password = randomBytes(18).toString('base64url');
  return {
    env: { ADMIN_ENABLED: 'true', ADMIN_PORT: String(port), ADMIN_HOST: '127.0.0.1', ADMIN_PASSWORD: password },
    admin: new AdminClient(`http://127.0.0.1:${port}`, password),
  };
}

export function withEnv(launch: ProxyLaunch, env: Record<string, string>): ProxyLaunch {
  return { ...launch, env: { ...launch.env, ...env } };
}

export class AdminClient {
  private cookie: string | undefined;

  constructor(private readonly origin: string, private readonly password: string) {}

  private async call<T>(method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown): Promise<T | undefined> {
    const response = await request(`${this.origin}${path}`, {
      method,
      headers: {
        'x-switchboard-csrf': '1',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(this.cookie ? { cookie: this.cookie } : {}),
      },
      body: body === undefined ? null : JSON.stringify(body),
      headersTimeout: 10_000,
      bodyTimeout: 10_000,
    });
    const text = await response.body.text();
    if (response.statusCode >= 300) throw new HarnessError(`admin ${method} ${path}: HTTP ${response.statusCode} ${text.slice(0, 300)}`);
    const setCookie = response.headers['set-cookie'];
    const first = Array.isArray(setCookie) ? setCookie[0] : setCookie;
    if (first) this.cookie = first.split(';')[0];
    return text ? (JSON.parse(text) as T) : undefined;
  }

  async login(): Promise<void> {
    await this.call('POST', '/api/login', { password: this.password });
  }

  async setTracking(enabled: boolean): Promise<void> {
    const settings = await this.call<{ trackingEnabled: boolean }>('PATCH', '/api/settings', { trackingEnabled: enabled });
    if (settings?.trackingEnabled !== enabled) throw new HarnessError(`admin PATCH /api/settings did not set trackingEnabled to ${enabled}`);
  }

  /** Records in the proxy's database (all time). */
  async records(): Promise<number> {
    const totals = await this.call<{ requests: number }>('GET', `/api/usage/summary?from=0&to=${Date.now() + 86_400_000}`);
    return totals?.requests ?? Number.NaN;
  }

  /**
   * Waits until `expected` records are written (a batch waits up to 250 ms for its write window), so that an "on"
   * run's writes do not spill into the next "off" run; polls the proxy, which has no event to wait on across processes.
   */
  async awaitRecords(expected: number, withinMs = 10_000): Promise<number> {
    const deadline = Date.now() + withinMs;
    for (;;) {
      const written = await this.records();
      if (written >= expected || Date.now() > deadline) return written;
      await sleep(50);
    }
  }
}
