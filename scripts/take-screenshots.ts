/**
 * Screenshots of every admin UI page, light and dark, for the docs: `npm run screenshots` (needs `npm run build`
 * and Debian's chromium). Starts the real server against local fakes with two weeks of demo usage, then saves
 * docs/screenshots/<page>-<light|dark>.png at 1280×800.
 */
import { mkdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { loginViaApi } from '../test/browser/support/admin-session.js';
import { launchChromium, newContext } from '../test/browser/support/browser.js';
import { assertBuiltUi } from '../test/browser/support/built-ui.js';
import { DEMO_PASSWORD, startDemoServer } from './screenshots/demo-server.js';

const OUT_DIR = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));
const THEMES = ['light', 'dark'] as const;

/** Each page and what must be on screen before the picture is taken. */
const PAGES: { name: string; path: string; ready: string[] }[] = [
  { name: 'login', path: '/login', ready: ['login-form'] },
  { name: 'dashboard', path: '/', ready: ['dashboard-requests', 'dashboard-providers'] },
  { name: 'providers', path: '/providers', ready: ['custom-providers', 'builtin-providers'] },
  { name: 'models', path: '/models', ready: ['models-table'] },
  { name: 'aliases', path: '/aliases', ready: ['aliases-table'] },
  { name: 'usage', path: '/usage', ready: ['summary-requests', 'breakdown-tag', 'recent-requests'] },
  { name: 'settings', path: '/settings', ready: ['settings-form'] },
];

async function settle(page: Page, ready: string[]): Promise<void> {
  for (const testId of ready) await page.getByTestId(testId).first().waitFor({ state: 'visible', timeout: 15_000 });
  await page.locator('.state-loading, .is-stale').first().waitFor({ state: 'detached', timeout: 15_000 }).catch(() => undefined);
  // Web fonts may still be loading after the data is in (the Node tsconfig has no DOM types: reach it untyped).
  await page.evaluate('document.fonts.ready');
  await page.mouse.move(0, 0);
  // Chart bars grow in over 250 ms; nothing in the page says when they are done.
  if (await page.locator('canvas').count() > 0) await page.waitForTimeout(500);
}

async function shoot(browser: Browser, adminUrl: string, theme: (typeof THEMES)[number]): Promise<string[]> {
  const saved: string[] = [];
  const context = await newContext(browser, { colorScheme: theme, reducedMotion: 'reduce' });
  try {
    const page = await context.newPage();
    for (const { name, path, ready } of PAGES) {
      if (name !== 'login' && (await context.cookies()).length === 0) await loginViaApi(context, adminUrl, DEMO_PASSWORD);
      await page.goto(`${adminUrl}${path}`);
      await settle(page, ready);
      const file = `${OUT_DIR}${name}-${theme}.png`;
      await page.screenshot({ path: file, type: 'png' });
      saved.push(file);
    }
  } finally {
    await context.close();
  }
  return saved;
}

async function main(): Promise<void> {
  assertBuiltUi();
  mkdirSync(OUT_DIR, { recursive: true });
  const demo = await startDemoServer();
  const browser = await launchChromium();
  try {
    for (const theme of THEMES) {
      for (const file of await shoot(browser, demo.adminUrl, theme)) {
        console.log(`${file.slice(OUT_DIR.length)}\t${Math.round(statSync(file).size / 1024)} KB`);
      }
    }
  } finally {
    await browser.close();
    await demo.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
