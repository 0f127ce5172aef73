import type { BrowserContext } from 'playwright-core';
import type { UsageTotals } from '../../../src/admin/admin-api-types.js';

/** Logs the context in through the admin API (the session cookie then rides along with every page of it). */
export async function loginViaApi(context: BrowserContext, adminUrl: string, password: string): Promise<void> {
  const response = await context.request.post(`${adminUrl}/api/login`, {
    data: { password },
    headers: { 'x-switchboard-csrf': '1' },
  });
  if (response.status() !== 204) throw new Error(`admin login failed: ${response.status()} ${await response.text()}`);
}

/**
 * Usage records are written in batches a few hundred milliseconds after each request: wait until the store holds
 * `count` requests (over the last day, optionally for one tag), so a page opened next shows all of them.
 */
export async function waitForRecordedRequests(context: BrowserContext, adminUrl: string, count: number, tag?: string): Promise<UsageTotals> {
  const deadline = Date.now() + 10_000;
  const query = new URLSearchParams({ from: String(Date.now() - 86_400_000), to: String(Date.now() + 86_400_000) });
  if (tag !== undefined) query.set('tags', tag);
  for (;;) {
    const response = await context.request.get(`${adminUrl}/api/usage/summary?${query.toString()}`);
    if (!response.ok()) throw new Error(`usage summary: ${response.status()} ${await response.text()}`);
    const totals = (await response.json()) as UsageTotals;
    if (totals.requests >= count) return totals;
    if (Date.now() > deadline) throw new Error(`expected ${count} recorded requests, the store has ${totals.requests}`);
    // The recorder flushes every 250 ms and has no event to await from outside the process.
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
