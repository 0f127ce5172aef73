import type { AliasView, ModelSource, ProviderDialect, ProviderSource } from '../admin/admin-api-types.js';
import type { ProviderDefinition } from '../catalog/catalog-schema.js';
import type { Catalog } from '../catalog/load-catalog.js';
import type { ConfigFile, ConfigModel } from '../config/config-file-schema.js';
import type { Capability, ModelPrice, ModelSpec } from '../core/model-info.js';
import type { ConfigSnapshot, CustomModel, CustomProviderType, ModelOverride, Price } from '../store/store-types.js';
import { ModelRegistry } from './model-registry.js';

/** One provider as routing sees it, whatever declared it (catalog, config file, admin UI). Holds its key in memory only. */
export type ProviderEntry = {
  id: string;
  displayName: string;
  dialect: ProviderDialect;
  source: ProviderSource;
  baseUrl: string;
  apiKeyEnv: string | null;
  apiKey: string | undefined;
  headers: Record<string, string>;
  apiVersion?: string;
  enabled: boolean;
  /** Has what it needs to be called: a key for keyed providers, a base URL for Ollama. */
  configured: boolean;
  /** Why it is not configured, e.g. "set OPENAI_API_KEY". */
  missing: string | null;
  /** Models come from the upstream's model list (Ollama always; others when no static list is given). */
  discover: boolean;
};

export type ModelRow = {
  /** Effective spec (overrides applied). */
  spec: ModelSpec;
  /** Spec before overrides. */
  system: ModelSpec;
  source: ModelSource;
  enabled: boolean;
  override: ModelOverride | null;
  aliases: string[];
};

export type RoutingState = {
  entries: ProviderEntry[];
  registry: ModelRegistry;
  models: ModelRow[];
  aliases: AliasView[];
};

/** Built-in provider settings read from the environment (read-config.ts). */
export type BuiltinSettings = ReadonlyMap<string, { apiKey: string | undefined; baseUrl: string; apiVersion?: string }>;

export type RoutingInput = {
  catalog: Catalog;
  configFile: ConfigFile;
  builtinSettings: BuiltinSettings;
  /** Reads a key from an env var name (with `_FILE` support) or a file, for config-file and custom providers. */
  readKey: (source: { env?: string | null; file?: string }) => string | undefined;
  snapshot: ConfigSnapshot;
  /** Models found by discovery, per provider id. */
  discovered: ReadonlyMap<string, ModelSpec[]>;
  /** Prices from the optional OpenRouter refresh, keyed `provider\u0000modelId`; overrides still win. */
  refreshedPrices?: ReadonlyMap<string, ModelPrice>;
};

const DIALECT_OF_TYPE: Record<CustomProviderType, ProviderDialect> = {
  'openai-compatible': 'openai-compatible',
  'anthropic-compatible': 'anthropic',
  ollama: 'ollama',
};

const CAPABILITIES = new Set<Capability>(['completion', 'tools', 'vision', 'thinking', 'embedding', 'insert']);
const today = (): string => new Date().toISOString().slice(0, 10);

function toModelPrice(price: Price | Partial<ModelPrice> | null | undefined, source: string): ModelPrice | undefined {
  if (!price || price.input === undefined || price.output === undefined) return undefined;
  const result: ModelPrice = { input: price.input, output: price.output, source, checkedAt: today() };
  if (price.cachedInput !== undefined) result.cachedInput = price.cachedInput;
  if (price.cacheWrite !== undefined) result.cacheWrite = price.cacheWrite;
  return result;
}

function capabilitiesFor(kind: 'chat' | 'embedding', listed: readonly string[]): Capability[] {
  const implied: Capability = kind === 'embedding' ? 'embedding' : 'completion';
  const rest = listed.filter((value): value is Capability => CAPABILITIES.has(value as Capability) && value !== implied);
  return [implied, ...new Set(rest)];
}

function specFromConfig(provider: string, model: ConfigModel): ModelSpec {
  const spec: ModelSpec = {
    provider,
    id: model.id,
    displayName: model.name ?? model.id,
    family: provider,
    kind: model.kind,
    contextLength: model.contextLength,
    capabilities: capabilitiesFor(model.kind, model.capabilities),
  };
  const price = toModelPrice(model.price, model.price?.source ?? 'config file');
  if (price) spec.price = price;
  if (model.maxOutputTokens !== undefined) spec.maxOutputTokens = model.maxOutputTokens;
  if (model.description !== undefined) spec.description = model.description;
  return spec;
}

function specFromCustom(model: CustomModel): ModelSpec {
  const spec: ModelSpec = {
    provider: model.provider,
    id: model.id,
    displayName: model.displayName,
    family: model.provider,
    kind: model.kind,
    contextLength: model.contextLength,
    capabilities: capabilitiesFor(model.kind, model.capabilities),
  };
  const price = toModelPrice(model.price, 'admin');
  if (price) spec.price = price;
  if (model.maxOutputTokens !== null) spec.maxOutputTokens = model.maxOutputTokens;
  if (model.description !== null) spec.description = model.description;
  return spec;
}

function applyOverride(spec: ModelSpec, override: ModelOverride | undefined): ModelSpec {
  if (!override) return spec;
  const next: ModelSpec = { ...spec };
  const price = toModelPrice(override.price, 'override');
  if (price) next.price = price;
  if (override.contextLength !== undefined) next.contextLength = override.contextLength;
  if (override.capabilities !== undefined) next.capabilities = capabilitiesFor(spec.kind, override.capabilities);
  if (override.description !== undefined) next.description = override.description;
  return next;
}

function builtinEntries(input: RoutingInput, overrides: Map<string, boolean>): ProviderEntry[] {
  return input.catalog.providers.map((definition) => {
    const setting = input.builtinSettings.get(definition.id);
    const fromFile = input.configFile.builtins[definition.id];
    const baseUrl = fromFile?.baseUrl ?? setting?.baseUrl ?? definition.defaultBaseUrl;
    const apiKey = setting?.apiKey;
    const keyed = definition.apiKeyEnv !== undefined;
    const configured = keyed ? apiKey !== undefined : baseUrl !== '';
    const entry: ProviderEntry = {
      id: definition.id,
      displayName: definition.displayName,
      dialect: definition.dialect,
      source: 'system',
      baseUrl,
      apiKeyEnv: definition.apiKeyEnv ?? null,
      apiKey,
      headers: fromFile?.headers ?? {},
      enabled: overrides.get(definition.id) ?? fromFile?.enabled ?? true,
      configured,
      missing: configured ? null : `set ${keyed ? definition.apiKeyEnv : definition.baseUrlEnv}`,
      discover: definition.dialect === 'ollama',
    };
    if (setting?.apiVersion) entry.apiVersion = setting.apiVersion;
    return entry;
  });
}

function declaredEntry(
  input: RoutingInput,
  source: 'config' | 'custom',
  declared: { id: string; type: CustomProviderType; displayName: string; baseUrl: string; apiKeyEnv: string | null; apiKeyFile?: string; headers: Record<string, string>; enabled: boolean; discover: boolean },
): ProviderEntry {
  const apiKey = input.readKey({ env: declared.apiKeyEnv, ...(declared.apiKeyFile ? { file: declared.apiKeyFile } : {}) });
  // A declared key that is missing makes the provider unusable; no key declared means the upstream needs none.
  const needsKey = declared.apiKeyEnv !== null || declared.apiKeyFile !== undefined;
  const configured = !needsKey || apiKey !== undefined;
  return {
    id: declared.id,
    displayName: declared.displayName,
    dialect: DIALECT_OF_TYPE[declared.type],
    source,
    baseUrl: declared.baseUrl,
    apiKeyEnv: declared.apiKeyEnv,
    apiKey,
    headers: declared.headers,
    enabled: declared.enabled,
    configured,
    missing: configured ? null : declared.apiKeyEnv ? `set ${declared.apiKeyEnv}` : `cannot read ${declared.apiKeyFile ?? 'the key file'}`,
    discover: declared.discover,
  };
}

/**
 * Merges every source of providers, models and aliases into one routing state. Priority when a bare name exists
 * at several providers: built-in providers in data/catalog/providers.json order, then config-file providers in file
 * order, then providers created in the admin UI in creation order; the first *active* one wins.
 */
export function buildRoutingState(input: RoutingInput): RoutingState {
  const { snapshot } = input;
  const providerOverrides = new Map(snapshot.providerOverrides.map((override) => [override.id, override.enabled]));
  const entries = builtinEntries(input, providerOverrides);
  const taken = new Set(entries.map((entry) => entry.id));
  for (const provider of input.configFile.providers) {
    const entry = declaredEntry(input, 'config', {
      id: provider.id,
      type: provider.type,
      displayName: provider.name ?? provider.id,
      baseUrl: provider.baseUrl,
      apiKeyEnv: provider.apiKeyEnv ?? null,
      ...(provider.apiKeyFile ? { apiKeyFile: provider.apiKeyFile } : {}),
      headers: provider.headers,
      enabled: providerOverrides.get(provider.id) ?? provider.enabled,
      discover: provider.discover ?? (provider.type === 'ollama' || provider.models.length === 0),
    });
    entries.push(entry);
    taken.add(entry.id);
  }
  for (const provider of snapshot.customProviders) {
    if (taken.has(provider.id)) continue;
    const hasModels = snapshot.customModels.some((model) => model.provider === provider.id);
    entries.push(declaredEntry(input, 'custom', { ...provider, discover: provider.type === 'ollama' || !hasModels }));
    taken.add(provider.id);
  }

  // Models per provider: catalog, config file, admin-created, then discovered ids nobody declared.
  const overrides = new Map(snapshot.modelOverrides.map((override) => [`${override.provider}\u0000${override.modelId}`, override]));
  const rows: ModelRow[] = [];
  const rowsByProvider = new Map<string, Map<string, ModelRow>>();
  const addModel = (spec: ModelSpec, source: ModelSource): void => {
    let byId = rowsByProvider.get(spec.provider);
    if (!byId) rowsByProvider.set(spec.provider, (byId = new Map()));
    const existing = byId.get(spec.id);
    const override = overrides.get(`${spec.provider}\u0000${spec.id}`);
    const row: ModelRow = {
      spec: applyOverride(spec, override),
      system: spec,
      source,
      enabled: override?.enabled ?? true,
      override: override ?? null,
      aliases: [],
    };
    if (existing) rows[rows.indexOf(existing)] = row;
    else rows.push(row);
    byId.set(spec.id, row);
  };
  for (const entry of entries) {
    for (const spec of input.catalog.models.get(entry.id) ?? []) {
      const refreshed = input.refreshedPrices?.get(`${entry.id}\u0000${spec.id}`);
      addModel(refreshed ? { ...spec, price: refreshed } : spec, 'system');
    }
    for (const model of input.configFile.builtins[entry.id]?.models ?? []) addModel(specFromConfig(entry.id, model), 'system');
  }
  for (const provider of input.configFile.providers) {
    for (const model of provider.models) addModel(specFromConfig(provider.id, model), 'system');
  }
  for (const model of snapshot.customModels) {
    if (taken.has(model.provider)) addModel(specFromCustom(model), 'custom');
  }
  for (const [provider, specs] of input.discovered) {
    const known = rowsByProvider.get(provider);
    for (const spec of specs) if (!known?.has(spec.id)) addModel(spec, 'discovered');
  }

  // Aliases: catalog and config file (system), then admin-created (custom); each can be disabled.
  const aliasOverrides = new Map(snapshot.aliasOverrides.map((override) => [`${override.provider}\u0000${override.alias.toLowerCase()}`, override.enabled]));
  const aliases: AliasView[] = [];
  const addAlias = (provider: string, alias: string, modelId: string, source: 'system' | 'custom', enabled: boolean): void => {
    aliases.push({ alias, provider, modelId, source, enabled: aliasOverrides.get(`${provider}\u0000${alias.toLowerCase()}`) ?? enabled });
  };
  for (const entry of entries) {
    for (const [alias, id] of input.catalog.aliases.get(entry.id) ?? []) addAlias(entry.id, alias, id, 'system', true);
    for (const [alias, id] of Object.entries(input.configFile.builtins[entry.id]?.aliases ?? {})) addAlias(entry.id, alias, id, 'system', true);
  }
  for (const provider of input.configFile.providers) {
    for (const model of provider.models) for (const alias of model.aliases) addAlias(provider.id, alias, model.id, 'system', true);
  }
  for (const alias of snapshot.customAliases) {
    if (taken.has(alias.provider)) addAlias(alias.provider, alias.alias, alias.modelId, 'custom', alias.enabled);
  }

  const catalog: Catalog = { providers: entries.map(toDefinition), models: new Map(), aliases: new Map() };
  for (const entry of entries) {
    catalog.models.set(entry.id, []);
    catalog.aliases.set(entry.id, new Map());
  }
  for (const row of rows) if (row.enabled) catalog.models.get(row.spec.provider)?.push(row.spec);
  for (const alias of aliases) {
    const row = rowsByProvider.get(alias.provider)?.get(alias.modelId);
    if (row) row.aliases.push(alias.alias);
    // A later alias with the same name at the same provider (admin-created) replaces the earlier one.
    if (alias.enabled && row?.enabled) catalog.aliases.get(alias.provider)?.set(alias.alias.toLowerCase(), alias.modelId);
    else catalog.aliases.get(alias.provider)?.delete(alias.alias.toLowerCase());
  }

  const active = new Set(entries.filter((entry) => entry.enabled && entry.configured).map((entry) => entry.id));
  const inactiveReasons = new Map<string, string>();
  for (const entry of entries) {
    if (!entry.enabled) inactiveReasons.set(entry.id, 'it is disabled in the admin UI');
    else if (entry.missing) inactiveReasons.set(entry.id, entry.missing);
  }
  const registry = new ModelRegistry(catalog, active, { defaultModel: snapshot.settings.defaultModel, inactiveReasons });
  return { entries, registry, models: rows, aliases };
}

function toDefinition(entry: ProviderEntry): ProviderDefinition {
  const definition: ProviderDefinition = {
    id: entry.id,
    displayName: entry.displayName,
    dialect: entry.dialect,
    baseUrlEnv: '',
    defaultBaseUrl: entry.baseUrl,
  };
  if (entry.apiKeyEnv) definition.apiKeyEnv = entry.apiKeyEnv;
  return definition;
}
