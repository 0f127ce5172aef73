import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeUpstream, type FakeUpstream } from '../fakes/fake-openai-compatible.js';
import { loginViaApi, waitForRecordedRequests } from './support/admin-session.js';
import { launchChromium, newContext, STARTUP_TIMEOUT_MS, STEP_TIMEOUT_MS } from './support/browser.js';
import { ADMIN_PASSWORD, startUiProxy, type UiProxy } from './support/ui-proxy.js';
import { waitForText } from './support/wait-for-text.js';

/**
 * Changes made in the admin UI, in a real browser, then used at once by the openai SDK through the proxy: an alias,
 * a price override (its cost shown on the usage page) and a custom provider with a custom model.
 */

/** The custom provider's key lives in this env var of the server; the admin only ever types the variable's name. */
const CUSTOM_KEY_ENV = 'CUSTOM_KEY';
const CUSTOM_KEY = 'sk-custom-lab-key';

let ui: UiProxy;
let lab: FakeUpstream;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let recorded = 0;

const chat = (model: string) => ui.client(['browser-e2e']).chat.completions.create({ model, messages: [{ role: 'user', content: 'Hi' }] });

beforeAll(async () => {
  lab = await startFakeUpstream('openai', { apiKey: CUSTOM_KEY });
  ui = await startUiProxy({ [CUSTOM_KEY_ENV]: CUSTOM_KEY });
  browser = await launchChromium();
  context = await newContext(browser);
  await loginViaApi(context, ui.adminUrl, ADMIN_PASSWORD);
  page = await context.newPage();
}, STARTUP_TIMEOUT_MS);

afterAll(async () => {
  await browser?.close();
  await ui?.close();
  await lab?.close();
});

describe('admin UI changes that clients see at once', { timeout: STEP_TIMEOUT_MS }, () => {
  it('an alias added with the model picker routes openai SDK requests to its target', async () => {
    await page.goto(`${ui.adminUrl}/aliases`);
    await page.getByTestId('add-alias').click();
    const form = page.getByTestId('alias-form');
    await form.getByTestId('alias-name').fill('team-fast');
    const picker = form.getByTestId('alias-model-picker').getByRole('combobox');
    await picker.click();
    await picker.fill('gpt-4o-mini');
    await form.getByRole('option').filter({ has: page.locator('.combobox-option-name', { hasText: /^gpt-4o-mini$/ }) }).first().click();
    expect(await picker.inputValue()).toBe('gpt-4o-mini · openai');
    await form.getByTestId('alias-form-submit').click();
    await form.waitFor({ state: 'detached' });
    const row = page.getByTestId('alias-row').filter({ has: page.locator('td', { hasText: /^team-fast$/ }) });
    await waitForText(row, /gpt-4o-mini/);
    await waitForText(row, /custom/);

    ui.openai.reply({ content: 'fast answer' });
    const completion = await chat('team-fast');
    recorded++;
    expect(completion.choices[0]?.message.content).toBe('fast answer');
    expect(ui.openai.requests.at(-1)?.body.model).toBe('gpt-4o-mini');
  });

  it('a price set in the Override dialog prices the next request, as the usage page shows', async () => {
    await page.goto(`${ui.adminUrl}/models`);
    await page.getByTestId('models-search').fill('gpt-4o-mini');
    const row = page.getByTestId('models-table').locator('tr', { has: page.locator('.model-name', { hasText: /^gpt-4o-mini$/ }) });
    await row.getByTestId('override-button').click();
    const dialog = page.getByTestId('override-dialog');
    await dialog.getByTestId('override-input').fill('1000');
    await dialog.getByTestId('override-output').fill('2000');
    await dialog.getByTestId('override-save').click();
    await dialog.waitFor({ state: 'detached' });
    await waitForText(row, /overridden/);
    await waitForText(row.getByTestId('price-input'), '$1,000.00');
    await waitForText(row.getByTestId('price-output'), '$2,000.00');

    // 1,000 input tokens at $1,000/M + 500 output tokens at $2,000/M = $1 + $1.
    ui.openai.reply({ content: 'priced', usage: { prompt_tokens: 1000, completion_tokens: 500 } });
    await chat('gpt-4o-mini');
    recorded++;
    await waitForRecordedRequests(context, ui.adminUrl, recorded);
    await page.getByTestId('nav-usage').click();
    const newest = page.getByTestId('recent-requests').locator('tbody tr').first();
    await waitForText(newest, /gpt-4o-mini/);
    await waitForText(newest.locator('.cost-cell'), /^\$2\.00\s*computed$/);
  });

  it('a custom OpenAI-compatible provider and a custom model added in the UI serve openai SDK requests', async () => {
    await page.goto(`${ui.adminUrl}/providers`);
    await page.getByTestId('add-provider').click();
    const form = page.getByTestId('provider-form');
    await form.getByLabel('ID', { exact: true }).fill('local-lab');
    await form.getByLabel('Display name', { exact: true }).fill('Local lab');
    await form.getByLabel('API key environment variable', { exact: true }).fill(CUSTOM_KEY_ENV);
    await form.getByLabel('Base URL', { exact: true }).fill(lab.url);
    await form.getByTestId('provider-form-submit').click();
    await form.waitFor({ state: 'detached' });
    const row = page.getByTestId('custom-providers').getByTestId('provider-row-local-lab');
    await waitForText(row, /Local lab/);
    await waitForText(row, /Key set/);
    await waitForText(row, /Active/);

    await page.getByTestId('nav-models').click();
    await page.getByTestId('add-model').click();
    const modelForm = page.getByTestId('custom-model-form');
    await modelForm.getByLabel('Provider', { exact: true }).selectOption('local-lab');
    await modelForm.getByLabel('Model ID', { exact: true }).fill('lab-model-1');
    await modelForm.getByLabel('Context length (tokens)', { exact: true }).fill('32000');
    await modelForm.getByRole('button', { name: 'Add model' }).click();
    await modelForm.waitFor({ state: 'detached' });
    await page.getByTestId('models-search').fill('lab-model-1');
    await waitForText(page.getByTestId('models-table').locator('.model-name'), 'lab-model-1');

    lab.reply({ content: 'from the lab' });
    const completion = await chat('local-lab/lab-model-1');
    expect(completion.choices[0]?.message.content).toBe('from the lab');
    const sent = lab.requests.at(-1);
    expect(sent?.body.model).toBe('lab-model-1');
    expect(sent?.headers.authorization).toBe(`Bearer ${CUSTOM_KEY}`);
    // Its name is unique, so the bare id works too.
    lab.reply({ content: 'bare' });
    expect((await chat('lab-model-1')).choices[0]?.message.content).toBe('bare');
  });
});
