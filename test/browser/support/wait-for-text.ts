import type { Locator } from 'playwright-core';

/**
 * Waits until the locator has an element whose text matches (a string matches the whole trimmed text), and says
 * what it saw when it gives up: playwright-core has no `expect`, and a bare timeout names no value.
 */
export async function waitForText(locator: Locator, expected: string | RegExp, timeoutMs = 10_000): Promise<void> {
  const pattern = typeof expected === 'string' ? new RegExp(`^\\s*${escapeRegExp(expected)}\\s*$`) : expected;
  try {
    await locator.filter({ hasText: pattern }).first().waitFor({ state: 'visible', timeout: timeoutMs });
  } catch (error) {
    const seen = await locator.allInnerTexts().catch(() => []);
    throw new Error(`expected ${String(locator)} to show ${String(pattern)}; it shows ${JSON.stringify(seen)}`, { cause: error });
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
