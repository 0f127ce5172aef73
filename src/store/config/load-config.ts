import type { Db } from '../database.js';
import type { SqlDialect } from '../sql-dialect.js';
import type { ConfigSnapshot } from '../store-types.js';
import {
  aliasOverrideFromRow, customAliasFromRow, customModelFromRow, customProviderFromRow, modelOverrideFromRow,
  providerOverrideFromRow, settingsFromRows,
} from './config-rows.js';

export async function configVersion(db: Db): Promise<number> {
  const row = await db.selectFrom('config_version').select('version').where('id', '=', 1).executeTakeFirstOrThrow();
  return Number(row.version);
}

/** All configuration from one snapshot, so `version` describes exactly these rows. */
export async function loadConfig(db: Db, dialect: SqlDialect): Promise<ConfigSnapshot> {
  return dialect.readSnapshot(db, async (trx) => ({
    version: await configVersion(trx),
    settings: settingsFromRows(await trx.selectFrom('settings').selectAll().execute()),
    customProviders: (await trx.selectFrom('custom_providers').selectAll().orderBy('id').execute())
      .map(customProviderFromRow),
    providerOverrides: (await trx.selectFrom('provider_overrides').selectAll().orderBy('id').execute())
      .map(providerOverrideFromRow),
    customModels: (await trx.selectFrom('custom_models').selectAll().orderBy('provider').orderBy('id').execute())
      .map(customModelFromRow),
    modelOverrides: (await trx.selectFrom('model_overrides').selectAll().orderBy('provider').orderBy('model_id').execute())
      .map(modelOverrideFromRow),
    customAliases: (await trx.selectFrom('custom_aliases').selectAll().orderBy('alias').execute())
      .map(customAliasFromRow),
    aliasOverrides: (await trx.selectFrom('alias_overrides').selectAll().orderBy('provider').orderBy('alias').execute())
      .map(aliasOverrideFromRow),
  }));
}
