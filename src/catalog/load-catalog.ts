import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { ModelSpec } from '../core/model-info.js';
import {
  providerModelsFileSchema,
  providersFileSchema,
  type CatalogModel,
  type ProviderDefinition,
} from './catalog-schema.js';

export type Catalog = {
  /** In resolution-priority order. */
  providers: ProviderDefinition[];
  /** Specs by provider id, in file order. */
  models: Map<string, ModelSpec[]>;
  /** Aliases by provider id: alias → model id. */
  aliases: Map<string, Map<string, string>>;
};

export const DEFAULT_CATALOG_DIR = fileURLToPath(new URL('../../data/catalog/', import.meta.url));

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`catalog file ${path}: ${(error as Error).message}`);
  }
}

export function toModelSpec(provider: string, model: CatalogModel): ModelSpec {
  const implied = model.kind === 'embedding' ? 'embedding' : 'completion';
  const spec: ModelSpec = {
    provider,
    id: model.id,
    displayName: model.displayName,
    family: model.family,
    kind: model.kind,
    contextLength: model.contextLength,
    capabilities: [implied, ...model.capabilities.filter((capability) => capability !== implied)],
    price: model.price,
  };
  if (model.maxOutputTokens !== undefined) spec.maxOutputTokens = model.maxOutputTokens;
  if (model.embeddingLength !== undefined) spec.embeddingLength = model.embeddingLength;
  if (model.unsupportedParams) spec.unsupportedParams = model.unsupportedParams;
  if (model.systemRole) spec.systemRole = model.systemRole;
  if (model.reasoningEfforts) spec.reasoningEfforts = model.reasoningEfforts;
  if (model.legacyCompletions) spec.legacyCompletions = true;
  return spec;
}

/** Reads and validates data/catalog; a bad file fails start-up with its path and the problem. */
export function loadCatalog(directory: string = DEFAULT_CATALOG_DIR): Catalog {
  const providersParsed = providersFileSchema.safeParse(readJson(join(directory, 'providers.json')));
  if (!providersParsed.success) {
    throw new Error(`catalog file ${join(directory, 'providers.json')}: ${providersParsed.error.message}`);
  }
  const providers = providersParsed.data.providers;
  const models = new Map<string, ModelSpec[]>(providers.map((provider) => [provider.id, []]));
  const aliases = new Map<string, Map<string, string>>(providers.map((provider) => [provider.id, new Map()]));

  const modelDir = join(directory, 'models');
  for (const file of readdirSync(modelDir).filter((name) => name.endsWith('.json')).sort()) {
    const path = join(modelDir, file);
    const parsed = providerModelsFileSchema.safeParse(readJson(path));
    if (!parsed.success) throw new Error(`catalog file ${path}: ${parsed.error.message}`);
    const specs = models.get(parsed.data.provider);
    const aliasMap = aliases.get(parsed.data.provider);
    if (!specs || !aliasMap) throw new Error(`catalog file ${path}: unknown provider '${parsed.data.provider}'`);
    for (const model of parsed.data.models) {
      specs.push(toModelSpec(parsed.data.provider, model));
      for (const alias of model.aliases) aliasMap.set(alias.toLowerCase(), model.id);
    }
  }
  return { providers, models, aliases };
}
