import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import pino, { type DestinationStream } from 'pino';
import { buildAdminApp } from '../admin/build-admin-app.js';
import { ensureAdminPassword } from '../admin/ensure-admin-password.js';
import { loadCatalog } from '../catalog/load-catalog.js';
import { fetchOpenRouterPrices } from '../catalog/openrouter-prices.js';
import { loadConfigFile } from '../config/load-config-file.js';
import type { Provider } from '../core/provider.js';
import { createUpstreamHttp } from '../providers/http/upstream-http.js';
import { OllamaModelDiscovery } from '../providers/ollama/index.js';
import { LiveRouting } from '../routing/live-routing.js';
import { ListModelsDiscovery, type ModelDiscovery } from '../routing/model-discovery.js';
import type { ProviderEntry } from '../routing/routing-state.js';
import { openStore } from '../store/open-store.js';
import { resolveClientHosts } from '../usage/resolve-client-hosts.js';
import { ReverseDns } from '../usage/reverse-dns.js';
import { UsageRecorder } from '../usage/usage-recorder.js';
import { buildApp } from './build-app.js';
import { bufferedStdout } from './buffered-stdout.js';
import { closeApp } from './close-app.js';
import { createProvider } from './create-providers.js';
import { readConfig, readSecret } from './read-config.js';
import { scheduleRetention } from './schedule-retention.js';

export type RunningServer = {
  app: FastifyInstance;
  url: string;
  /** The admin API and web UI, when ADMIN_ENABLED is not false. */
  admin: FastifyInstance | undefined;
  adminUrl: string | undefined;
  close(): Promise<void>;
};

/** Non-Ollama providers without a static model list ask for their list this often. */
const LIST_MODELS_INTERVAL_MS = 300_000;
const LIST_MODELS_TIMEOUT_MS = 10_000;
/** At shutdown, give up writing usage records after this long (the database is unreachable). */
const RECORDER_CLOSE_TIMEOUT_MS = 5_000;

/** The built web UI: dist/web beside the compiled server, or the repo's dist/web when running from src with tsx. */
function findWebRoot(): string | undefined {
  for (const candidate of ['../web/', '../../dist/web/']) {
    const folder = fileURLToPath(new URL(candidate, import.meta.url));
    if (existsSync(`${folder}index.html`)) return folder;
  }
  return undefined;
}

function urlOf(app: FastifyInstance, host: string): string {
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

function hasListModelIds(provider: Provider): provider is Provider & { listModelIds(signal: AbortSignal): Promise<string[]> } {
  return typeof provider.listModelIds === 'function';
}

/**
 * Reads configuration from `env`, opens the database, wires catalog + config file + database → live routing →
 * the API app (PORT) and the admin app (ADMIN_PORT), and listens on both.
 */
export async function startServer(env: NodeJS.ProcessEnv, options: { logStream?: DestinationStream } = {}): Promise<RunningServer> {
  // CATALOG_DIR lets an operator ship a catalog of their own (same format as data/catalog).
  const catalog = loadCatalog(env.CATALOG_DIR?.trim() || undefined);
  const config = readConfig(env, catalog.providers);
  const configFile = loadConfigFile(env, catalog.providers);
  const stdout = options.logStream ? undefined : bufferedStdout();
  const logStream = options.logStream ?? stdout!.stream;
  // One logger for what happens outside a request (routing, discovery, admin, recorder); the API app has its own
  // on the same stream.
  const log: FastifyBaseLogger = pino({ level: config.logLevel }, logStream);

  const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, log });
  const http = createUpstreamHttp(config.timeouts);
  const cleanups: Array<() => Promise<void> | void> = [
    () => stdout?.stop(),
    () => http.dispatcher.close(),
    () => store.close(),
  ];
  const cleanUp = async (): Promise<void> => {
    for (const cleanup of cleanups.reverse()) {
      try {
        await cleanup();
      } catch (error) {
        log.warn({ err: error instanceof Error ? error.message : String(error) }, 'error while closing');
      }
    }
  };

  try {
    const readKey = (source: { env?: string | null; file?: string }): string | undefined => {
      try {
        if (source.env) return readSecret(env, source.env);
        if (source.file) return readFileSync(source.file, 'utf8').trim() || undefined;
      } catch (error) {
        log.warn({ err: error instanceof Error ? error.message : String(error) }, 'cannot read a provider key');
      }
      return undefined;
    };
    const createDiscovery = (entry: ProviderEntry, providerOptions: Parameters<typeof createProvider>[1], provider: Provider): ModelDiscovery | undefined => {
      if (entry.dialect === 'ollama') return new OllamaModelDiscovery(providerOptions);
      if (hasListModelIds(provider)) return new ListModelsDiscovery(provider, { intervalMs: LIST_MODELS_INTERVAL_MS, timeoutMs: LIST_MODELS_TIMEOUT_MS });
      return undefined;
    };
    const openRouterBase = config.providers.get('openrouter')?.baseUrl ?? 'https://openrouter.ai/api/v1';
    const live = await LiveRouting.start({
      catalog,
      configFile: configFile.config,
      builtinSettings: config.providers,
      readKey,
      http,
      store,
      log,
      createProvider,
      createDiscovery,
      pollIntervalMs: config.configPollMs,
      fetchPrices: (known, signal) => fetchOpenRouterPrices(`${openRouterBase.replace(/\/+$/, '')}/models`, known, http.dispatcher, signal),
    });
    cleanups.push(() => live.close());
    if (configFile.path) log.info({ file: configFile.path }, 'read config file');

    const recorder = new UsageRecorder({ store, log, enrich: resolveClientHosts(new ReverseDns(), () => live.settings()) });
    // Runs after the app closed (cleanups run in reverse): running streams have finished and queued their records.
    cleanups.push(() => recorder.close({ timeoutMs: RECORDER_CLOSE_TIMEOUT_MS }));

    const app = await buildApp({
      gateway: live.gateway,
      logLevel: config.logLevel,
      bodyLimitBytes: config.bodyLimitBytes,
      corsOrigins: config.corsOrigins,
      logStream,
      usageTracking: { recorder, settings: () => live.settings() },
    });
    cleanups.push(() => closeApp(app));

    let admin: FastifyInstance | undefined;
    if (config.admin.enabled) {
      await ensureAdminPassword(store, config.admin.passwordFromEnv, log);
      const webRoot = findWebRoot();
      if (!webRoot) log.warn('the admin web UI is not built (run npm run build); serving the admin API only');
      admin = await buildAdminApp({ store, control: live, log, passwordFromEnv: config.admin.passwordFromEnv, ...(webRoot ? { webRoot } : {}) });
      cleanups.push(() => closeApp(admin!));
    }

    const retention = scheduleRetention(store, () => live.settings(), log);
    cleanups.push(() => retention.stop());

    await app.listen({ host: config.host, port: config.port });
    const url = urlOf(app, config.host);
    let adminUrl: string | undefined;
    if (admin) {
      await admin.listen({ host: config.admin.host, port: config.admin.port });
      adminUrl = urlOf(admin, config.admin.host);
    }
    const active = live.providers().filter((provider) => provider.status !== 'no_key' && provider.status !== 'disabled');
    log.info({ providers: active.map((provider) => provider.id), models: live.gateway.listModels().length }, `Switchboard listening on ${url}`);
    if (adminUrl) log.info(`admin UI and API on ${adminUrl}`);
    if (active.length === 0) log.warn('no provider is configured: set OPENAI_API_KEY (or another provider key) to serve models');

    let closing: Promise<void> | undefined;
    return {
      app,
      url,
      admin,
      adminUrl,
      close() {
        closing ??= cleanUp();
        return closing;
      },
    };
  } catch (error) {
    await cleanUp();
    throw error;
  }
}
