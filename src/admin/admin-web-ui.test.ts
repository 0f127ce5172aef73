import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from './security-headers.js';
import { startAdminHarness, type AdminHarness } from './testing/admin-test-harness.js';

const INDEX_HTML = '<!doctype html><html><head><script type="module" src="/assets/index-3f2a1b.js"></script></head><body><div id="root"></div></body></html>';

let webRoot: string;
let h: AdminHarness;
let base: string;

beforeAll(async () => {
  webRoot = await mkdtemp(join(tmpdir(), 'switchboard-webui-'));
  await mkdir(join(webRoot, 'assets'));
  await writeFile(join(webRoot, 'index.html'), INDEX_HTML);
  await writeFile(join(webRoot, 'assets', 'index-3f2a1b.js'), 'console.log("app")');
  await writeFile(join(webRoot, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  await writeFile(join(webRoot, '.env'), 'SECRET=1');
  h = await startAdminHarness({ passwordFromEnv: 'web-ui-tests-password', webRoot });
  // A real socket for this file: static files are streamed from disk.
  base = await h.app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  await h.close();
  await rm(webRoot, { recursive: true, force: true });
});

function expectSecurityHeaders(response: Response, what: string): void {
  expect(response.headers.get('content-security-policy'), what).toBe(CONTENT_SECURITY_POLICY);
  expect(response.headers.get('x-content-type-options'), what).toBe('nosniff');
  expect(response.headers.get('referrer-policy'), what).toBe('no-referrer');
  expect(response.headers.get('x-frame-options'), what).toBe('DENY');
}

describe('the web UI', () => {
  it('serves index.html at / with no-cache and hashed assets with a long cache', async () => {
    const index = await fetch(`${base}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toContain('text/html');
    expect(index.headers.get('cache-control')).toBe('no-cache');
    expect(await index.text()).toBe(INDEX_HTML);
    expectSecurityHeaders(index, '/');

    const asset = await fetch(`${base}/assets/index-3f2a1b.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toContain('javascript');
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expectSecurityHeaders(asset, 'asset');

    const icon = await fetch(`${base}/favicon.svg`);
    expect(icon.status).toBe(200);
    expect(icon.headers.get('cache-control')).toBe('no-cache');
  });

  it('falls back to index.html for the app routes, not for /api or missing assets', async () => {
    for (const path of ['/usage', '/providers/home-llm', '/settings?tab=password']) {
      const response = await fetch(`${base}${path}`);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-cache');
      expect(await response.text()).toBe(INDEX_HTML);
      expectSecurityHeaders(response, path);
    }
    for (const path of ['/api/nothing', '/assets/index-000000.js']) {
      const response = await fetch(`${base}${path}`);
      expect(response.status, path).toBe(404);
      expect(await response.json()).toMatchObject({ error: { code: 'not_found' } });
      expectSecurityHeaders(response, path);
    }
    const post = await fetch(`${base}/usage`, { method: 'POST' });
    expect(post.status).toBe(404);
  });

  it('never serves dotfiles or files outside its folder', async () => {
    const dotfile = await fetch(`${base}/.env`);
    expect(await dotfile.text()).not.toContain('SECRET=1');
    expect(dotfile.status).not.toBe(200);
    const traversal = await fetch(`${base}/%2e%2e/%2e%2e/etc/passwd`);
    expect(await traversal.text()).not.toContain('root:');
  });

  it('puts security headers on API answers too, and never caches them', async () => {
    const health = await fetch(`${base}/api/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    expect(health.headers.get('cache-control')).toBe('no-store');
    expectSecurityHeaders(health, '/api/health');
    const unauthorized = await fetch(`${base}/api/providers`);
    expect(unauthorized.status).toBe(401);
    expectSecurityHeaders(unauthorized, '401');
  });
});
