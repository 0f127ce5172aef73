import type { Db } from '../database.js';
import type { SqlDialect } from '../sql-dialect.js';
import {
  DEFAULT_SETTINGS, type AliasOverride, type CustomAlias, type CustomModel, type CustomProvider, type ModelOverride,
  type ProviderOverride, type Settings,
} from '../store-types.js';
import {
  customModelToRow, customProviderToRow, hasOverrideValues, modelOverrideValuesToRow, settingsFromRows,
  type ModelOverrideValues,
} from './config-rows.js';

/**
 * Every configuration write: `change` runs in a write transaction that also bumps config_version when it reports
 * a change, so another instance that sees the new version also sees the rows (and never one without the other).
 */
async function writeConfig<T>(
  db: Db, dialect: SqlDialect, change: (trx: Db) => Promise<{ changed: boolean; result: T }>,
): Promise<T> {
  return dialect.writeTransaction(db, async (trx) => {
    const { changed, result } = await change(trx);
    if (changed) {
      await trx.updateTable('config_version').set((eb) => ({ version: eb('version', '+', 1) })).where('id', '=', 1).execute();
    }
    return result;
  });
}

const changed = <T>(result: T) => ({ changed: true, result });

export function updateSettings(db: Db, dialect: SqlDialect, patch: Partial<Settings>): Promise<Settings> {
  return writeConfig(db, dialect, async (trx) => {
    const entries = Object.entries(patch).filter(([key, value]) => Object.hasOwn(DEFAULT_SETTINGS, key) && value !== undefined);
    for (const [key, value] of entries) {
      await trx.insertInto('settings').values({ key, value: JSON.stringify(value) })
        .onConflict((conflict) => conflict.column('key').doUpdateSet((eb) => ({ value: eb.ref('excluded.value') })))
        .execute();
    }
    const settings = settingsFromRows(await trx.selectFrom('settings').selectAll().execute());
    return { changed: entries.length > 0, result: settings };
  });
}

export function upsertCustomProvider(db: Db, dialect: SqlDialect, provider: CustomProvider): Promise<void> {
  const { id, ...values } = customProviderToRow(provider);
  return writeConfig(db, dialect, async (trx) => {
    await trx.insertInto('custom_providers').values({ id, ...values })
      .onConflict((conflict) => conflict.column('id').doUpdateSet(values))
      .execute();
    return changed(undefined);
  });
}

export function deleteCustomProvider(db: Db, dialect: SqlDialect, id: string): Promise<boolean> {
  return writeConfig(db, dialect, async (trx) =>
    deleted(await trx.deleteFrom('custom_providers').where('id', '=', id).executeTakeFirst()));
}

export function setProviderOverride(db: Db, dialect: SqlDialect, override: ProviderOverride): Promise<void> {
  const enabled = override.enabled ? 1 : 0;
  return writeConfig(db, dialect, async (trx) => {
    await trx.insertInto('provider_overrides').values({ id: override.id, enabled })
      .onConflict((conflict) => conflict.column('id').doUpdateSet({ enabled }))
      .execute();
    return changed(undefined);
  });
}

export function upsertCustomModel(db: Db, dialect: SqlDialect, model: CustomModel): Promise<void> {
  const { provider, id, ...values } = customModelToRow(model);
  return writeConfig(db, dialect, async (trx) => {
    await trx.insertInto('custom_models').values({ provider, id, ...values })
      .onConflict((conflict) => conflict.columns(['provider', 'id']).doUpdateSet(values))
      .execute();
    return changed(undefined);
  });
}

export function deleteCustomModel(db: Db, dialect: SqlDialect, provider: string, id: string): Promise<boolean> {
  return writeConfig(db, dialect, async (trx) =>
    deleted(await trx.deleteFrom('custom_models').where('provider', '=', provider).where('id', '=', id).executeTakeFirst()));
}

/**
 * Merges into the stored override. `enabled` absent keeps the stored flag. The value fields (price,
 * contextLength, capabilities, description) are replaced as a group when at least one is given (the absent ones
 * are cleared) and kept when none is given. So an enable/disable toggle never wipes prices, and saving the
 * override form never re-enables a disabled model.
 */
export function setModelOverride(db: Db, dialect: SqlDialect, override: ModelOverride): Promise<void> {
  const given = modelOverrideValuesToRow(override);
  return writeConfig(db, dialect, async (trx) => {
    const stored = await trx.selectFrom('model_overrides').selectAll()
      .where('provider', '=', override.provider).where('model_id', '=', override.modelId).executeTakeFirst();
    const enabled = override.enabled === undefined ? (stored?.enabled ?? null) : override.enabled ? 1 : 0;
    const values: ModelOverrideValues = hasOverrideValues(given) || !stored ? given : {
      price: stored.price, context_length: stored.context_length, capabilities: stored.capabilities, description: stored.description,
    };
    await trx.insertInto('model_overrides')
      .values({ provider: override.provider, model_id: override.modelId, enabled, ...values })
      .onConflict((conflict) => conflict.columns(['provider', 'model_id']).doUpdateSet({ enabled, ...values }))
      .execute();
    return changed(undefined);
  });
}

/**
 * Clears the override values (price, context length, capabilities, description) and keeps enabled/disabled,
 * which has its own switch. Returns false when there were no values to clear.
 */
export function clearModelOverride(db: Db, dialect: SqlDialect, provider: string, modelId: string): Promise<boolean> {
  return writeConfig(db, dialect, async (trx) => {
    const stored = await trx.selectFrom('model_overrides').selectAll()
      .where('provider', '=', provider).where('model_id', '=', modelId).executeTakeFirst();
    if (!stored || !hasOverrideValues(stored)) return { changed: false, result: false };
    if (stored.enabled === null) {
      await trx.deleteFrom('model_overrides').where('provider', '=', provider).where('model_id', '=', modelId).execute();
    } else {
      await trx.updateTable('model_overrides')
        .set({ price: null, context_length: null, capabilities: null, description: null })
        .where('provider', '=', provider).where('model_id', '=', modelId)
        .execute();
    }
    return changed(true);
  });
}

export function upsertCustomAlias(db: Db, dialect: SqlDialect, alias: CustomAlias): Promise<void> {
  const values = { provider: alias.provider, model_id: alias.modelId, enabled: alias.enabled ? 1 : 0 };
  return writeConfig(db, dialect, async (trx) => {
    await trx.insertInto('custom_aliases').values({ alias: alias.alias, ...values })
      .onConflict((conflict) => conflict.column('alias').doUpdateSet(values))
      .execute();
    return changed(undefined);
  });
}

export function deleteCustomAlias(db: Db, dialect: SqlDialect, alias: string): Promise<boolean> {
  return writeConfig(db, dialect, async (trx) =>
    deleted(await trx.deleteFrom('custom_aliases').where('alias', '=', alias).executeTakeFirst()));
}

export function setAliasOverride(db: Db, dialect: SqlDialect, override: AliasOverride): Promise<void> {
  const enabled = override.enabled ? 1 : 0;
  return writeConfig(db, dialect, async (trx) => {
    await trx.insertInto('alias_overrides').values({ provider: override.provider, alias: override.alias, enabled })
      .onConflict((conflict) => conflict.columns(['provider', 'alias']).doUpdateSet({ enabled }))
      .execute();
    return changed(undefined);
  });
}

function deleted(result: { numDeletedRows: bigint }) {
  const any = result.numDeletedRows > 0n;
  return { changed: any, result: any };
}
