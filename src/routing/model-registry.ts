import type { ListedModel, ModelSpec } from '../core/model-info.js';
import { ProxyError } from '../core/proxy-error.js';
import type { Catalog } from '../catalog/load-catalog.js';
import type { ProviderDefinition } from '../catalog/catalog-schema.js';

export type Resolution = { spec: ModelSpec; listedName: string };

const PASSTHROUGH_CONTEXT = 131_072;

export type RegistryOptions = {
  /** Model to serve when a client asks for an unknown name (the "default model" setting); unset keeps a 404. */
  defaultModel?: string | null;
  /** Why an inactive provider is not serving (disabled by the admin, key missing…), for the 404 message. */
  inactiveReasons?: ReadonlyMap<string, string>;
};

/** Ollama lists `name:latest`; clients may send either form, and parseModelName drops `:latest` before lookup. */
function lookupKey(id: string): string {
  const key = id.toLowerCase();
  return key.endsWith(':latest') ? key.slice(0, -':latest'.length) : key;
}

/**
 * Resolves what clients send to a model at a provider. The rule, in order:
 * 1. `provider/<id>`: that provider; its catalog id or alias if known, else the id is passed through as-is.
 * 2. A bare catalog id or alias: the first *configured* provider in data/catalog/providers.json order that has it.
 * 3. Anything else is a 404 — never silently another model — unless the admin set a default model for unknown names.
 * Matching is case-insensitive; `:latest` and `@tags` are removed before (see parse-model-name.ts).
 */
export class ModelRegistry {
  private readonly providers = new Map<string, ProviderDefinition>();
  /** Lower-cased bare id or alias → candidate specs, in provider priority order. */
  private readonly bare = new Map<string, ModelSpec[]>();
  /** Per provider: lower-cased id or alias → spec. */
  private readonly byProvider = new Map<string, Map<string, ModelSpec>>();
  private listing: ListedModel[] = [];
  private readonly listedNameOf = new Map<ModelSpec, string>();

  constructor(
    catalog: Catalog,
    private readonly active: ReadonlySet<string>,
    private readonly options: RegistryOptions = {},
  ) {
    for (const provider of catalog.providers) {
      this.providers.set(provider.id, provider);
      const index = new Map<string, ModelSpec>();
      this.byProvider.set(provider.id, index);
      const specs = catalog.models.get(provider.id) ?? [];
      const byId = new Map(specs.map((spec) => [lookupKey(spec.id), spec]));
      for (const spec of specs) {
        const key = lookupKey(spec.id);
        if (index.has(key)) continue;
        index.set(key, spec);
        this.addBare(key, spec);
      }
      for (const [alias, id] of catalog.aliases.get(provider.id) ?? []) {
        const spec = byId.get(lookupKey(id));
        if (!spec) continue;
        index.set(alias, spec);
        this.addBare(alias, spec);
      }
    }
    this.rebuildListing();
  }

  private addBare(key: string, spec: ModelSpec): void {
    const list = this.bare.get(key);
    if (list) list.push(spec);
    else this.bare.set(key, [spec]);
  }

  private rebuildListing(): void {
    const idCount = new Map<string, number>();
    const activeSpecs: ModelSpec[] = [];
    for (const [providerId, index] of this.byProvider) {
      if (!this.active.has(providerId)) continue;
      for (const spec of new Set(index.values())) {
        activeSpecs.push(spec);
        const key = lookupKey(spec.id);
        idCount.set(key, (idCount.get(key) ?? 0) + 1);
      }
    }
    this.listing = activeSpecs.map((spec) => {
      const bareId = spec.id.toLowerCase().endsWith(':latest') ? spec.id.slice(0, -':latest'.length) : spec.id;
      const unique = idCount.get(lookupKey(spec.id)) === 1 && !spec.id.includes('/');
      const name = unique ? bareId : `${spec.provider}/${bareId}`;
      this.listedNameOf.set(spec, name);
      return { name, spec };
    });
  }

  /** The wire dialect a provider speaks (`anthropic`, `ollama`…), so a surface knows when it can pass its body on. */
  dialectOf(provider: string): ProviderDefinition['dialect'] | undefined {
    return this.providers.get(provider)?.dialect;
  }

  isActive(provider: string): boolean {
    return this.active.has(provider);
  }

  list(): ListedModel[] {
    return this.listing;
  }

  private notConfigured(provider: ProviderDefinition, requested: string): ProxyError {
    const reason = this.options.inactiveReasons?.get(provider.id);
    const how = reason ?? (provider.apiKeyEnv ? `set ${provider.apiKeyEnv}` : `set ${provider.baseUrlEnv}`);
    return new ProxyError(
      'provider_not_configured',
      `model '${requested}' is served by provider '${provider.id}', which is not configured (${how})`,
      { provider: provider.id },
    );
  }

  /** `name` is already stripped of `@tags` and `:latest`. Throws a 404-class ProxyError when nothing matches. */
  resolve(name: string): Resolution {
    try {
      return this.resolveExact(name);
    } catch (error) {
      const fallback = this.options.defaultModel;
      if (!fallback || !(error instanceof ProxyError) || error.code !== 'model_not_found') throw error;
      // Only names nobody serves fall back; a known model of an unconfigured provider keeps its explicit 404.
      return this.resolveExact(fallback);
    }
  }

  private resolveExact(name: string): Resolution {
    const slash = name.indexOf('/');
    if (slash > 0) {
      const provider = this.providers.get(name.slice(0, slash).toLowerCase());
      if (provider) {
        const rest = name.slice(slash + 1);
        if (!this.active.has(provider.id)) throw this.notConfigured(provider, name);
        const restKey = lookupKey(rest);
        const known = this.byProvider.get(provider.id)?.get(restKey);
        if (known) return { spec: known, listedName: this.listedNameOf.get(known) ?? name };
        if (rest === '') throw new ProxyError('model_not_found', `model '${name}' not found`);
        return { spec: this.passthroughSpec(provider.id, rest), listedName: name };
      }
    }
    const candidates = this.bare.get(lookupKey(name));
    if (candidates) {
      const served = candidates.find((spec) => this.active.has(spec.provider));
      if (served) return { spec: served, listedName: this.listedNameOf.get(served) ?? name };
      const provider = this.providers.get(candidates[0]!.provider);
      if (provider) throw this.notConfigured(provider, name);
    }
    throw new ProxyError('model_not_found', `model '${name}' not found`);
  }

  private passthroughSpec(provider: string, id: string): ModelSpec {
    return {
      provider,
      id,
      displayName: id,
      family: provider,
      kind: 'chat',
      contextLength: PASSTHROUGH_CONTEXT,
      capabilities: ['completion', 'tools', 'vision'],
      passthrough: true,
    };
  }
}
