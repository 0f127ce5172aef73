import type { Selectable } from 'kysely';
import type {
  AliasOverridesTable, CustomAliasesTable, CustomModelsTable, CustomProvidersTable, ModelOverridesTable,
  ProviderOverridesTable, SettingsTable,
} from '../database.js';
import {
  DEFAULT_SETTINGS, type AliasOverride, type CustomAlias, type CustomModel, type CustomProvider,
  type CustomProviderType, type ModelOverride, type Price, type ProviderOverride, type Settings,
} from '../store-types.js';

/** Stored settings over the defaults; keys this version does not know are ignored. */
export function settingsFromRows(rows: readonly Selectable<SettingsTable>[]): Settings {
  const settings: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  for (const row of rows) {
    if (Object.hasOwn(DEFAULT_SETTINGS, row.key)) settings[row.key] = JSON.parse(row.value);
  }
  return settings as Settings;
}

export function customProviderToRow(provider: CustomProvider): CustomProvidersTable {
  return {
    id: provider.id,
    type: provider.type,
    display_name: provider.displayName,
    base_url: provider.baseUrl,
    api_key_env: provider.apiKeyEnv,
    headers: JSON.stringify(provider.headers),
    enabled: provider.enabled ? 1 : 0,
  };
}

export function customProviderFromRow(row: Selectable<CustomProvidersTable>): CustomProvider {
  return {
    id: row.id,
    type: row.type as CustomProviderType,
    displayName: row.display_name,
    baseUrl: row.base_url,
    apiKeyEnv: row.api_key_env,
    headers: JSON.parse(row.headers) as Record<string, string>,
    enabled: Number(row.enabled) === 1,
  };
}

export function providerOverrideFromRow(row: Selectable<ProviderOverridesTable>): ProviderOverride {
  return { id: row.id, enabled: Number(row.enabled) === 1 };
}

export function customModelToRow(model: CustomModel): CustomModelsTable {
  return {
    provider: model.provider,
    id: model.id,
    display_name: model.displayName,
    kind: model.kind,
    context_length: model.contextLength,
    max_output_tokens: model.maxOutputTokens,
    capabilities: JSON.stringify(model.capabilities),
    price: model.price === null ? null : JSON.stringify(model.price),
    description: model.description,
  };
}

export function customModelFromRow(row: Selectable<CustomModelsTable>): CustomModel {
  return {
    provider: row.provider,
    id: row.id,
    displayName: row.display_name,
    kind: row.kind as CustomModel['kind'],
    contextLength: Number(row.context_length),
    maxOutputTokens: row.max_output_tokens === null ? null : Number(row.max_output_tokens),
    capabilities: JSON.parse(row.capabilities) as string[],
    price: row.price === null ? null : (JSON.parse(row.price) as Price),
    description: row.description,
  };
}

/** The override columns that replace catalog values (everything but enabled). */
export type ModelOverrideValues = Pick<ModelOverridesTable, 'price' | 'context_length' | 'capabilities' | 'description'>;

export function modelOverrideValuesToRow(override: ModelOverride): ModelOverrideValues {
  return {
    price: override.price === undefined ? null : JSON.stringify(override.price),
    context_length: override.contextLength ?? null,
    capabilities: override.capabilities === undefined ? null : JSON.stringify(override.capabilities),
    description: override.description ?? null,
  };
}

export function hasOverrideValues(values: ModelOverrideValues): boolean {
  return values.price !== null || values.context_length !== null || values.capabilities !== null || values.description !== null;
}

/** Only the fields that are set appear, as ModelOverride's "absent = keep the system value" says. */
export function modelOverrideFromRow(row: Selectable<ModelOverridesTable>): ModelOverride {
  const override: ModelOverride = { provider: row.provider, modelId: row.model_id };
  if (row.enabled !== null) override.enabled = Number(row.enabled) === 1;
  if (row.price !== null) override.price = JSON.parse(row.price) as Price;
  if (row.context_length !== null) override.contextLength = Number(row.context_length);
  if (row.capabilities !== null) override.capabilities = JSON.parse(row.capabilities) as string[];
  if (row.description !== null) override.description = row.description;
  return override;
}

export function customAliasFromRow(row: Selectable<CustomAliasesTable>): CustomAlias {
  return { alias: row.alias, provider: row.provider, modelId: row.model_id, enabled: Number(row.enabled) === 1 };
}

export function aliasOverrideFromRow(row: Selectable<AliasOverridesTable>): AliasOverride {
  return { provider: row.provider, alias: row.alias, enabled: Number(row.enabled) === 1 };
}
