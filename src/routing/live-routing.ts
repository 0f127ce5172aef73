import type { FastifyBaseLogger } from 'fastify';
import type { AliasView, ModelValues, ModelView, ProviderTestResult, ProviderView } from '../admin/admin-api-types.js';
import type { ProxyControl } from '../admin/admin-deps.js';
import type { Catalog } from '../catalog/load-catalog.js';
import type { ConfigFile } from '../config/config-file-schema.js';
import type { ModelPrice, ModelSpec } from '../core/model-info.js';
import type { Provider } from '../core/provider.js';
import type { UpstreamHttp } from '../providers/http/upstream-http.js';
import type { ProviderOptions } from '../providers/provider-options.js';
import type { ConfigSnapshot, Settings, Store } from '../store/store.js';
import type { ModelDiscovery } from './model-discovery.js';
import { RoutingGateway } from './routing-gateway.js';
import { buildRoutingState, type BuiltinSettings, type ModelRow, type ProviderEntry, type RoutingState } from './routing-state.js';

export type LiveRoutingDeps = {
  catalog: Catalog;
  configFile: ConfigFile;
  builtinSettings: BuiltinSettings;
  readKey: (source: { env?: string | null; file?: string }) => string | undefined;
  http: UpstreamHttp;
  store: Store;
  log: FastifyBaseLogger;
  createProvider: (dialect: ProviderEntry['dialect'], options: ProviderOptions) => Provider;
  createDiscovery: (entry: ProviderEntry, options: ProviderOptions, provider: Provider) => ModelDiscovery | undefined;
  /** How often to look for configuration changes made by other instances sharing the database. */
  pollIntervalMs: number;
  /** Fetches current prices (OpenRouter's public list) when the price-refresh setting is on. */
  fetchPrices?: (known: ReadonlyMap<string, readonly string[]>, signal: AbortSignal) => Promise<Map<string, ModelPrice>>;
};

const PRICE_REFRESH_MS = 24 * 3_600_000;

type Instance = { fingerprint: string; provider: Provider };
type DiscoveryInstance = { fingerprint: string; discovery: ModelDiscovery };
type TestOutcome = { ok: boolean; message: string; at: number };

const TEST_TIMEOUT_MS = 15_000;

function providerOptions(entry: ProviderEntry, http: UpstreamHttp): ProviderOptions {
  const options: ProviderOptions = { id: entry.id, baseUrl: entry.baseUrl, apiKey: entry.apiKey, http };
  if (Object.keys(entry.headers).length > 0) options.extraHeaders = entry.headers;
  if (entry.apiVersion) options.apiVersion = entry.apiVersion;
  return options;
}

/** Changes when anything that shapes the upstream client changes (kept in memory only: it includes the key). */
function fingerprintOf(entry: ProviderEntry): string {
  return JSON.stringify([entry.dialect, entry.baseUrl, entry.apiKey ?? null, entry.headers, entry.apiVersion ?? null]);
}

function valuesOf(spec: ModelSpec): ModelValues {
  return {
    displayName: spec.displayName,
    contextLength: spec.contextLength,
    maxOutputTokens: spec.maxOutputTokens ?? null,
    capabilities: spec.capabilities,
    price: spec.price
      ? {
          input: spec.price.input,
          output: spec.price.output,
          ...(spec.price.cachedInput === undefined ? {} : { cachedInput: spec.price.cachedInput }),
          ...(spec.price.cacheWrite === undefined ? {} : { cacheWrite: spec.price.cacheWrite }),
        }
      : null,
    description: spec.description ?? null,
  };
}

/**
 * The running routing configuration: merges the catalog, the config file, the database and discovery into one
 * RoutingGateway, rebuilds it whenever one of them changes, and serves the admin API's view of it.
 */
export class LiveRouting implements ProxyControl {
  readonly gateway: RoutingGateway;
  private state: RoutingState;
  private snapshot: ConfigSnapshot;
  private readonly instances = new Map<string, Instance>();
  private readonly discoveries = new Map<string, DiscoveryInstance>();
  private readonly discovered = new Map<string, ModelSpec[]>();
  private readonly tests = new Map<string, TestOutcome>();
  private pollTimer: NodeJS.Timeout | undefined;
  private priceTimer: NodeJS.Timeout | undefined;
  private refreshedPrices = new Map<string, ModelPrice>();
  private pricesFetchedAt = 0;
  private polling = false;
  private closed = false;

  private constructor(
    private readonly deps: LiveRoutingDeps,
    snapshot: ConfigSnapshot,
  ) {
    this.snapshot = snapshot;
    this.state = this.buildState();
    this.gateway = new RoutingGateway(this.state.registry, this.syncProviders());
    this.syncDiscoveries();
    this.syncPriceRefresh();
  }

  static async start(deps: LiveRoutingDeps): Promise<LiveRouting> {
    const live = new LiveRouting(deps, await deps.store.loadConfig());
    live.pollTimer = setInterval(() => void live.poll(), deps.pollIntervalMs);
    live.pollTimer.unref();
    return live;
  }

  settings(): Settings {
    return this.snapshot.settings;
  }

  entries(): readonly ProviderEntry[] {
    return this.state.entries;
  }

  private buildState(): RoutingState {
    return buildRoutingState({
      catalog: this.deps.catalog,
      configFile: this.deps.configFile,
      builtinSettings: this.deps.builtinSettings,
      readKey: this.deps.readKey,
      snapshot: this.snapshot,
      discovered: this.discovered,
      refreshedPrices: this.refreshedPrices,
    });
  }

  /** Keeps provider instances whose settings did not change (they hold connection pools and per-turn memory). */
  private syncProviders(): Map<string, Provider> {
    const active = new Map<string, Provider>();
    const seen = new Set<string>();
    for (const entry of this.state.entries) {
      if (!entry.configured) continue;
      seen.add(entry.id);
      const fingerprint = fingerprintOf(entry);
      let instance = this.instances.get(entry.id);
      if (!instance || instance.fingerprint !== fingerprint) {
        try {
          instance = { fingerprint, provider: this.deps.createProvider(entry.dialect, providerOptions(entry, this.deps.http)) };
        } catch (error) {
          this.deps.log.error({ provider: entry.id, err: error }, 'cannot create provider');
          continue;
        }
        this.instances.set(entry.id, instance);
      }
      if (entry.enabled) active.set(entry.id, instance.provider);
    }
    for (const id of [...this.instances.keys()]) if (!seen.has(id)) this.instances.delete(id);
    return active;
  }

  private syncDiscoveries(): void {
    const wanted = new Set<string>();
    for (const entry of this.state.entries) {
      const instance = this.instances.get(entry.id);
      if (!entry.discover || !entry.enabled || !instance) continue;
      wanted.add(entry.id);
      const current = this.discoveries.get(entry.id);
      if (current?.fingerprint === instance.fingerprint) continue;
      current?.discovery.stop();
      const discovery = this.deps.createDiscovery(entry, providerOptions(entry, this.deps.http), instance.provider);
      if (!discovery) continue;
      this.discoveries.set(entry.id, { fingerprint: instance.fingerprint, discovery });
      discovery.start(
        (specs) => this.onDiscovered(entry.id, discovery, specs),
        (error) => this.deps.log.warn({ provider: entry.id, err: error instanceof Error ? error.message : String(error) }, 'model discovery failed'),
      );
    }
    for (const [id, current] of this.discoveries) {
      if (wanted.has(id)) continue;
      current.discovery.stop();
      this.discoveries.delete(id);
      this.discovered.delete(id);
    }
  }

  private onDiscovered(providerId: string, discovery: ModelDiscovery, specs: ModelSpec[]): void {
    if (this.closed || this.discoveries.get(providerId)?.discovery !== discovery) return;
    const before = this.discovered.get(providerId);
    if (before && JSON.stringify(before) === JSON.stringify(specs)) return;
    this.discovered.set(providerId, specs);
    this.rebuild();
  }

  private rebuild(): void {
    this.state = this.buildState();
    this.gateway.update(this.state.registry, this.syncProviders());
    this.syncDiscoveries();
    this.syncPriceRefresh();
  }

  /** Starts or stops the daily OpenRouter price refresh to follow the setting. */
  private syncPriceRefresh(): void {
    const wanted = this.snapshot.settings.priceRefresh && this.deps.fetchPrices !== undefined && !this.closed;
    if (!wanted) {
      clearInterval(this.priceTimer);
      this.priceTimer = undefined;
      if (this.refreshedPrices.size > 0) {
        this.refreshedPrices = new Map();
        this.state = this.buildState();
        this.gateway.update(this.state.registry, this.syncProviders());
      }
      return;
    }
    if (this.priceTimer) return;
    this.priceTimer = setInterval(() => void this.refreshPrices(), PRICE_REFRESH_MS);
    this.priceTimer.unref();
    if (Date.now() - this.pricesFetchedAt > PRICE_REFRESH_MS) void this.refreshPrices();
  }

  async refreshPrices(): Promise<number> {
    if (!this.deps.fetchPrices) return 0;
    const known = new Map<string, string[]>();
    for (const [provider, specs] of this.deps.catalog.models) known.set(provider, specs.map((spec) => spec.id));
    try {
      this.refreshedPrices = await this.deps.fetchPrices(known, AbortSignal.timeout(30_000));
      this.pricesFetchedAt = Date.now();
      this.deps.log.info({ models: this.refreshedPrices.size }, 'refreshed prices from OpenRouter');
      this.state = this.buildState();
      this.gateway.update(this.state.registry, this.syncProviders());
      return this.refreshedPrices.size;
    } catch (error) {
      this.deps.log.warn({ err: error instanceof Error ? error.message : String(error) }, 'price refresh failed; keeping current prices');
      return 0;
    }
  }

  async reload(): Promise<void> {
    this.snapshot = await this.deps.store.loadConfig();
    this.rebuild();
  }

  /** Picks up changes made by another instance (PostgreSQL), within one poll interval. */
  private async poll(): Promise<void> {
    if (this.polling || this.closed) return;
    this.polling = true;
    try {
      if ((await this.deps.store.configVersion()) !== this.snapshot.version) await this.reload();
    } catch (error) {
      this.deps.log.warn({ err: error instanceof Error ? error.message : String(error) }, 'cannot check for configuration changes');
    } finally {
      this.polling = false;
    }
  }

  isReservedProviderId(id: string): boolean {
    return this.state.entries.some((entry) => entry.id === id && entry.source !== 'custom');
  }

  providers(): ProviderView[] {
    return this.state.entries.map((entry) => this.providerView(entry));
  }

  private providerView(entry: ProviderEntry): ProviderView {
    const discovery = this.discoveries.get(entry.id)?.discovery.status();
    const test = this.tests.get(entry.id);
    let status: ProviderView['status'] = 'active';
    let statusDetail: string | null = null;
    if (!entry.enabled) status = 'disabled';
    else if (!entry.configured) {
      status = 'no_key';
      statusDetail = entry.missing;
    } else if (test && !test.ok && (!discovery?.lastRefreshAt || test.at >= discovery.lastRefreshAt)) {
      status = 'unreachable';
      statusDetail = test.message;
    } else if (discovery && !discovery.reachable && discovery.lastRefreshAt !== undefined) {
      status = 'unreachable';
      statusDetail = discovery.lastError ?? null;
    }
    return {
      id: entry.id,
      displayName: entry.displayName,
      dialect: entry.dialect,
      source: entry.source,
      baseUrl: entry.baseUrl,
      apiKeyEnv: entry.apiKeyEnv,
      keySet: entry.apiKey !== undefined,
      enabled: entry.enabled,
      status,
      statusDetail,
      headerNames: Object.keys(entry.headers),
      modelCount: this.state.models.filter((row) => row.spec.provider === entry.id && row.enabled).length,
      aliasCount: this.state.aliases.filter((alias) => alias.provider === entry.id && alias.enabled).length,
      discovery: discovery
        ? { lastRefreshAt: discovery.lastRefreshAt ?? null, lastError: discovery.lastError ?? null, modelCount: discovery.modelCount }
        : null,
    };
  }

  models(): ModelView[] {
    const listed = new Map<ModelSpec, string>();
    for (const model of this.state.registry.list()) listed.set(model.spec, model.name);
    const active = new Set(this.state.entries.filter((entry) => entry.enabled && entry.configured).map((entry) => entry.id));
    return this.state.models.map((row: ModelRow) => ({
      provider: row.spec.provider,
      id: row.spec.id,
      name: listed.get(row.spec) ?? `${row.spec.provider}/${row.spec.id}`,
      kind: row.spec.kind,
      source: row.source,
      enabled: row.enabled,
      providerActive: active.has(row.spec.provider),
      values: valuesOf(row.spec),
      systemValues: valuesOf(row.system),
      override: row.override
        ? {
            ...(row.override.price ? { price: row.override.price } : {}),
            ...(row.override.contextLength === undefined ? {} : { contextLength: row.override.contextLength }),
            ...(row.override.capabilities ? { capabilities: row.override.capabilities } : {}),
            ...(row.override.description === undefined ? {} : { description: row.override.description }),
          }
        : null,
      aliases: row.aliases,
    }));
  }

  aliases(): AliasView[] {
    return this.state.aliases;
  }

  async refreshProvider(id: string): Promise<void> {
    await this.discoveries.get(id)?.discovery.refresh();
  }

  async testProvider(id: string): Promise<ProviderTestResult> {
    const entry = this.state.entries.find((candidate) => candidate.id === id);
    if (!entry) return { ok: false, latencyMs: 0, message: `no provider '${id}'`, modelCount: null };
    if (!entry.configured) return { ok: false, latencyMs: 0, message: entry.missing ?? 'not configured', modelCount: null };
    const provider = this.instances.get(id)?.provider ?? this.deps.createProvider(entry.dialect, providerOptions(entry, this.deps.http));
    const started = performance.now();
    const signal = AbortSignal.timeout(TEST_TIMEOUT_MS);
    let result: ProviderTestResult;
    try {
      if (provider.listModelIds) {
        const ids = await provider.listModelIds(signal);
        result = { ok: true, latencyMs: Math.round(performance.now() - started), message: `listed ${ids.length} models`, modelCount: ids.length };
      } else {
        const model = this.state.models.find((row) => row.spec.provider === id && row.enabled && row.spec.kind === 'chat');
        if (!model) return { ok: false, latencyMs: 0, message: 'no chat model to test with', modelCount: null };
        await provider.chat(
          { model: model.spec.id, messages: [{ role: 'user', content: [{ type: 'text', text: 'ping' }] }], stream: false, maxTokens: 1 },
          { model: model.spec, signal },
        );
        result = { ok: true, latencyMs: Math.round(performance.now() - started), message: `${model.spec.id} answered`, modelCount: null };
      }
    } catch (error) {
      result = {
        ok: false,
        latencyMs: Math.round(performance.now() - started),
        message: signal.aborted ? `no answer within ${TEST_TIMEOUT_MS / 1000} s` : error instanceof Error ? error.message : String(error),
        modelCount: null,
      };
    }
    this.tests.set(id, { ok: result.ok, message: result.message, at: Date.now() });
    return result;
  }

  close(): void {
    this.closed = true;
    clearInterval(this.pollTimer);
    clearInterval(this.priceTimer);
    for (const { discovery } of this.discoveries.values()) discovery.stop();
    this.discoveries.clear();
  }
}
