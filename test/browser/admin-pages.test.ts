import OpenAI from 'openai';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginViaApi, waitForRecordedRequests } from './support/admin-session.js';
import { launchChromium, newContext, STARTUP_TIMEOUT_MS, STEP_TIMEOUT_MS } from './support/browser.js';
import { sendTraffic, totalsOf, type TaggedCall } from './support/traffic.js';
import { ADMIN_PASSWORD, startUiProxy, type UiProxy } from './support/ui-proxy.js';
import { waitForText } from './support/wait-for-text.js';

/**
 * The admin UI in a real browser against the real server: login, every page with traffic, the usage drill-down, a
 * phone-sized screen, and text chosen by API clients. One server and one browser for the file (each a few seconds
 * to start on a loaded machine); the tests run in order and share the traffic sent in beforeAll.
 */

const CALLS: TaggedCall[] = [
  { tags: ['team-a'], model: 'gpt-4o-mini', promptTokens: 120, completionTokens: 30 },
  { tags: ['team-a'], model: 'gpt-4o-mini', promptTokens: 80, completionTokens: 20, stream: true },
  { tags: ['team-a', 'ci'], model: 'gpt-4o', promptTokens: 100, completionTokens: 10 },
  { tags: ['team-b'], model: 'gpt-4o', promptTokens: 1000, completionTokens: 400 },
  { tags: ['team-b'], model: 'gpt-4o-mini', promptTokens: 10, completionTokens: 5, stream: true },
  { tags: undefined, model: 'gpt-4o', promptTokens: 7, completionTokens: 3 },
];

const PHONE = { width: 390, height: 844 };

/**
 * Tags are a strict charset (a `<script>` tag is a 400), but clients still choose text the UI shows: the model name
 * of a request that fails (recorded as asked) and the User-Agent. Both must be shown as text, never as markup.
 */
const EVIL_MODEL = '<img src=x onerror=alert(1) data-injected=model>';
const EVIL_AGENT = '<script>alert("ua")</script><b data-injected="ua">bold</b>';

let ui: UiProxy;
let browser: Browser;
let context: BrowserContext;
let page: Page;

const stat = (testId: string) => page.getByTestId(testId).locator('.stat-value');

beforeAll(async () => {
  ui = await startUiProxy();
  [browser] = await Promise.all([launchChromium(), sendTraffic(ui, CALLS)]);
  context = await newContext(browser);
  await loginViaApi(context, ui.adminUrl, ADMIN_PASSWORD);
  await waitForRecordedRequests(context, ui.adminUrl, CALLS.length);
  page = await context.newPage();
}, STARTUP_TIMEOUT_MS);

afterAll(async () => {
  await browser?.close();
  await ui?.close();
});

describe('admin UI: login and logout', { timeout: STEP_TIMEOUT_MS }, () => {
  let visitor: BrowserContext;
  let tab: Page;
  beforeAll(async () => {
    visitor = await newContext(browser);
    tab = await visitor.newPage();
  });
  afterAll(async () => {
    await visitor.close();
  });

  it('sends a visitor to the login page, keeping where they were going', async () => {
    await tab.goto(`${ui.adminUrl}/models`);
    await tab.waitForURL((url) => url.pathname === '/login');
    expect(new URL(tab.url()).searchParams.get('next')).toBe('/models');
    await tab.getByTestId('login-password').waitFor();
  });

  it('shows a clear error for a wrong password and stays on the login page', async () => {
    await tab.getByTestId('login-password').fill('not-the-password');
    await tab.getByTestId('login-submit').click();
    await waitForText(tab.getByTestId('login-error'), 'Wrong password. Try again.');
    expect(new URL(tab.url()).pathname).toBe('/login');
    // The field is cleared for the next try, and the session is still absent.
    expect(await tab.getByTestId('login-password').inputValue()).toBe('');
    expect((await visitor.request.get(`${ui.adminUrl}/api/session`)).status()).toBe(401);
  });

  it('logs in with the right password and lands on the page it was going to, then the dashboard', async () => {
    await tab.getByTestId('login-password').fill(ADMIN_PASSWORD);
    await tab.getByTestId('login-submit').click();
    await tab.waitForURL((url) => url.pathname === '/models');
    await tab.getByTestId('models-table').waitFor();
    await tab.getByTestId('nav-dashboard').click();
    await tab.getByTestId('dashboard-requests').waitFor();
    await waitForText(tab.locator('.topbar-title'), 'Dashboard');
    expect(await tab.title()).toBe('Dashboard · Switchboard');
  });

  it('logs out: back to the login page, and the old session no longer opens pages', async () => {
    await tab.getByTestId('logout-button').click();
    await tab.waitForURL((url) => url.pathname === '/login');
    await tab.getByTestId('login-password').waitFor();
    expect((await visitor.request.get(`${ui.adminUrl}/api/session`)).status()).toBe(401);
    await tab.goto(`${ui.adminUrl}/settings`);
    await tab.waitForURL((url) => url.pathname === '/login');
  });
});

describe('admin UI pages with traffic', { timeout: STEP_TIMEOUT_MS }, () => {
  it('dashboard: today\'s requests and tokens, and the active provider', async () => {
    await page.goto(ui.adminUrl);
    await waitForText(stat('dashboard-requests'), String(CALLS.length));
    const tokens = CALLS.reduce((sum, call) => sum + call.promptTokens + call.completionTokens, 0);
    await waitForText(stat('dashboard-tokens'), tokens.toLocaleString('en-US'));
    const openai = page.getByTestId('dashboard-providers').getByTestId('provider-row-openai');
    await waitForText(openai, /Active/);
    await waitForText(openai, /Set/);
  });

  it('providers: OpenAI is active with its key variable set, other built-ins wait for a key', async () => {
    await page.getByTestId('nav-providers').click();
    const openai = page.getByTestId('builtin-providers').getByTestId('provider-row-openai');
    await waitForText(openai, /Key set/);
    await waitForText(openai, /OPENAI_API_KEY/);
    await waitForText(page.getByTestId('provider-row-groq'), /Key not set/);
  });

  it('models: the catalog lists OpenAI models with prices, and search narrows it', async () => {
    await page.getByTestId('nav-models').click();
    await page.getByTestId('models-search').fill('gpt-4o-mini');
    const row = page.getByTestId('models-table').locator('tr', { has: page.locator('.model-name', { hasText: /^gpt-4o-mini$/ }) });
    await waitForText(row, /\$\d/);
    await waitForText(page.locator('.result-count'), /^\d+ of \d+ models$/);
    expect(new URL(page.url()).searchParams.toString()).toContain('gpt-4o-mini');
  });

  it('aliases: the catalog aliases are listed', async () => {
    await page.getByTestId('nav-aliases').click();
    await page.getByTestId('aliases-table').waitFor();
    expect(await page.getByTestId('alias-row').count()).toBeGreaterThan(0);
  });

  it('usage: totals, a breakdown row per tag and the recent requests', async () => {
    await page.getByTestId('nav-usage').click();
    await waitForText(stat('summary-requests'), String(CALLS.length));
    const tagKeys = await page.getByTestId('breakdown-tag').getByTestId('breakdown-row').evaluateAll(
      (rows) => rows.map((row) => row.getAttribute('data-key')).sort(),
    );
    expect(tagKeys).toEqual(['ci', 'default', 'team-a', 'team-b']);
    await waitForText(page.getByTestId('breakdown-model').getByTestId('breakdown-row'), /gpt-4o-mini/);
    expect(await page.getByTestId('recent-requests').locator('tbody tr').count()).toBe(CALLS.length);
    await waitForText(page.getByTestId('recent-requests').locator('tbody tr').first(), /default/);
  });

  it('usage: clicking a tag in the breakdown filters the page to that tag, and the totals match its traffic', async () => {
    const teamA = totalsOf(CALLS, 'team-a');
    await page.getByTestId('breakdown-tag').locator('[data-key="team-a"] button').click();
    await page.waitForURL((url) => url.searchParams.getAll('tag').join() === 'team-a');
    await waitForText(page.getByTestId('filter-chips').locator('.chip-value'), 'team-a');
    await waitForText(stat('summary-requests'), String(teamA.requests));
    await waitForText(stat('summary-input-tokens'), teamA.input.toLocaleString('en-US'));
    await waitForText(stat('summary-output-tokens'), teamA.output.toLocaleString('en-US'));
    expect(await page.getByTestId('recent-requests').locator('tbody tr').count()).toBe(teamA.requests);
    // The model breakdown is narrowed too: team-b's traffic is gone from it.
    const models = page.getByTestId('breakdown-model').getByTestId('breakdown-row');
    const requestsByModel = await models.evaluateAll((rows) => rows.map((row) => row.textContent ?? ''));
    expect(requestsByModel.join(' ')).not.toMatch(/1,400/);
    // Back undoes the drill-down.
    await page.goBack();
    await waitForText(stat('summary-requests'), String(CALLS.length));
  });

  it('settings: the saved settings fill the form', async () => {
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('settings-form').waitFor();
    expect(await page.getByLabel('Default tag', { exact: true }).inputValue()).toBe('default');
    expect(await page.getByTestId('setting-tracking').getByRole('switch').isChecked()).toBe(true);
  });
});

describe('admin UI at phone width (390×844)', { timeout: STEP_TIMEOUT_MS }, () => {
  it('renders the dashboard and the navigation drawer without horizontal overflow', async () => {
    const phone = await newContext(browser, { viewport: PHONE, isMobile: true, hasTouch: true });
    try {
      await loginViaApi(phone, ui.adminUrl, ADMIN_PASSWORD);
      const small = await phone.newPage();
      await small.goto(ui.adminUrl);
      await waitForText(small.getByTestId('dashboard-requests').locator('.stat-value'), String(CALLS.length));
      // Against the device width itself: a mobile browser widens its layout viewport to fit content that overflows.
      const overflow = () => small.locator('body').evaluate((body, width) => ({
        body: Math.max(0, body.scrollWidth - width),
        root: Math.max(0, (body.parentElement?.scrollWidth ?? 0) - width),
      }), PHONE.width);
      expect(await overflow()).toEqual({ body: 0, root: 0 });
      // The sidebar is a drawer here: hidden until the menu button opens it.
      expect(await small.getByTestId('nav-usage').isVisible()).toBe(false);
      await small.getByRole('button', { name: 'Open menu' }).click();
      await small.getByTestId('nav-usage').waitFor({ state: 'visible' });
      expect(await overflow()).toEqual({ body: 0, root: 0 });
      await small.getByTestId('nav-usage').tap();
      await waitForText(small.getByTestId('summary-requests').locator('.stat-value'), String(CALLS.length));
      await small.getByTestId('nav-usage').waitFor({ state: 'hidden' });
      expect(await overflow()).toEqual({ body: 0, root: 0 });
    } finally {
      await phone.close();
    }
  });
});

describe('admin UI: text chosen by API clients', { timeout: STEP_TIMEOUT_MS }, () => {
  const dialogs: string[] = [];
  const cspViolations: string[] = [];
  let tab: Page;
  beforeAll(async () => {
    tab = await context.newPage();
    tab.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    // An injected handler or script would at least be attempted, and the CSP would report blocking it.
    tab.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
    });
  });

  it('a tag with markup is refused at the API, so it never reaches the UI', async () => {
    const tagged = ui.client(['<script>alert(1)</script>']);
    await expect(tagged.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Hi' }] }))
      .rejects.toMatchObject({ status: 400 });
  });

  it('shows an unknown model name and a user agent with markup as literal text, and runs nothing', async () => {
    const client = new OpenAI({
      baseURL: `${ui.proxy.url}/v1`,
      apiKey: 'sk-client-key-not-a-tag',
      maxRetries: 0,
      defaultHeaders: { 'User-Agent': EVIL_AGENT },
    });
    await expect(client.chat.completions.create({ model: EVIL_MODEL, messages: [{ role: 'user', content: 'Hi' }] }))
      .rejects.toMatchObject({ status: 404 });
    ui.openai.reply({ content: 'fine', usage: { prompt_tokens: 3, completion_tokens: 1 } });
    await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Hi' }] });
    // The 400 and the 404 are recorded too, before the success.
    await waitForRecordedRequests(context, ui.adminUrl, CALLS.length + 2);

    await tab.goto(`${ui.adminUrl}/usage`);
    const rows = tab.getByTestId('recent-requests').locator('tbody tr');
    await waitForText(rows, /404/);
    const failed = rows.filter({ hasText: /404/ });
    // The exact strings are on screen (and in the hover titles), as text.
    await failed.getByText(EVIL_MODEL, { exact: true }).waitFor();
    expect(await failed.getByText(EVIL_AGENT, { exact: true }).count()).toBe(1);
    expect(await tab.locator(`[title="${EVIL_MODEL.replaceAll('"', '\\"')}"]`).count()).toBeGreaterThan(0);

    // Nothing was parsed as markup, nothing ran.
    expect(await tab.locator('[data-injected]').count()).toBe(0);
    expect(await tab.locator('main img, main script').count()).toBe(0);
    expect(dialogs).toEqual([]);
    expect(cspViolations).toEqual([]);
  });
});
