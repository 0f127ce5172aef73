// Tracking phase, `toggle` mode: the proxy's own admin API (through the tests' AdminClient) turns usage tracking on and
// off between runs (the setting applies to the next request, without a restart) and tells how many records are written.
import { randomBytes } from 'node:crypto';
import { AdminClient } from '../test/e2e/admin-client.js';
import { freePort, HarnessError, sleep } from './harness.js';

/** Environment for an admin API on a free loopback port with a fresh password, and how to log in to it. */
export async function adminAccess(): Promise<{ env: Record<string, string>; login: () => Promise<AdminClient> }> {
  const port = await freePort();
  const password = randomBytes(18).toString('base64url');
  return {
    env: { ADMIN_ENABLED: 'true', ADMIN_PORT: String(port), ADMIN_HOST: '127.0.0.1', ADMIN_PASSWORD: password },
    login: () => AdminClient.login(`http://127.0.0.1:${port}`, password),
  };
}

export async function setTracking(admin: AdminClient, enabled: boolean): Promise<void> {
  const settings = await admin.send<{ trackingEnabled: boolean }>('PATCH', '/api/settings', { trackingEnabled: enabled });
  if (settings.trackingEnabled !== enabled) throw new HarnessError(`admin PATCH /api/settings did not set trackingEnabled to ${enabled}`);
}

/**
 * Waits until the proxy holds `expected` records (a batch waits up to 250 ms for its write window), so that an "on"
 * run's writes do not spill into the next "off" run, and returns the count; polls, as the proxy is another process
 * with no event to wait on.
 */
export async function awaitRecords(admin: AdminClient, expected: number, withinMs = 10_000): Promise<number> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const { requests } = await admin.get<{ requests: number }>(`/api/usage/summary?from=0&to=${Date.now() + 86_400_000}`);
    if (requests >= expected || Date.now() > deadline) return requests;
    await sleep(50);
  }
}
