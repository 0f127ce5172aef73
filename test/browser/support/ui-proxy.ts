import OpenAI from 'openai';
import { startFakeUpstream, type FakeUpstream } from '../../fakes/fake-openai-compatible.js';
import { startProxy, type TestProxy } from '../../e2e/start-proxy.js';
import { assertBuiltUi } from './built-ui.js';

export const ADMIN_PASSWORD = 'browser-test-password';
export const OPENAI_KEY = 'sk-fake-openai-key';

export type UiProxy = {
  proxy: TestProxy;
  /** The admin UI's origin (ADMIN_PORT). */
  adminUrl: string;
  openai: FakeUpstream;
  /** An openai SDK client on the proxy's /v1, tagging its requests with X-Proxy-Tag when tags are given. */
  client(tags?: string[], headers?: Record<string, string>): OpenAI;
  close(): Promise<void>;
};

/**
 * The real server with the admin UI on, OpenAI pointed at a fake upstream, and any extra environment (a custom
 * provider's key variable, a second fake's URL). Fails, never skips, when the UI is not built.
 */
export async function startUiProxy(env: Record<string, string> = {}): Promise<UiProxy> {
  assertBuiltUi();
  const openai = await startFakeUpstream('openai', { apiKey: OPENAI_KEY });
  let proxy: TestProxy;
  try {
    proxy = await startProxy({
      ADMIN_ENABLED: 'true',
      ADMIN_PORT: '0',
      ADMIN_PASSWORD,
      OPENAI_API_KEY: OPENAI_KEY,
      OPENAI_BASE_URL: openai.url,
      LOG_LEVEL: 'warn',
      ...env,
    });
  } catch (error) {
    await openai.close();
    throw error;
  }
  const adminUrl = proxy.adminUrl;
  if (adminUrl === undefined) throw new Error('the admin app did not start (ADMIN_ENABLED=true, ADMIN_PORT=0)');
  return {
    proxy,
    adminUrl,
    openai,
    client: (tags, headers = {}) => new OpenAI({
      baseURL: `${proxy.url}/v1`,
      // Looks like a secret, so the proxy ignores it; a plain word in the bearer would be taken for a tag.
      apiKey: 'sk-client-key-not-a-tag',
      maxRetries: 0,
      defaultHeaders: { ...(tags ? { 'X-Proxy-Tag': tags.join(',') } : {}), ...headers },
    }),
    async close() {
      await proxy.close();
      await openai.close();
    },
  };
}
