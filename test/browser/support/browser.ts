import { chromium, type Browser, type BrowserContext, type BrowserContextOptions } from 'playwright-core';

/**
 * Vitest's defaults (20 s) are too tight when the whole suite shares two cores with a browser: starting the server
 * and Chromium, and a test of several page loads, get more. Waits inside a test stay at 10 s each.
 */
export const STARTUP_TIMEOUT_MS = 60_000;
export const STEP_TIMEOUT_MS = 45_000;

/** Debian's Chromium (package `chromium`); playwright-core never downloads a browser of its own here. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Headless Chromium without the background traffic it would otherwise try (updates, sync, field trials): this
 * machine has no network beyond loopback, and every refused connection costs time.
 */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A fresh context (own cookies and storage) with bounded timeouts: every wait is for a local server, generous only for a loaded CI machine. */
export async function newContext(browser: Browser, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US', ...options });
  context.setDefaultTimeout(10_000);
  return context;
}
