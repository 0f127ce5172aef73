import type { Db } from './database.js';
import type { SqlDialect } from './sql-dialect.js';
import type { Store } from './store.js';
import type {
  AliasOverride, BreakdownDimension, BreakdownRow, ConfigSnapshot, CustomAlias, CustomModel, CustomProvider,
  ModelOverride, PreparedUsage, ProviderOverride, RecentPage, Settings, TimeBucket, TimeSeriesPoint, UsageFacets, UsageFilter,
  UsageRecord, UsageRecordInput, UsageTotals,
} from './store-types.js';
import * as secrets from './config/admin-secrets.js';
import * as config from './config/load-config.js';
import * as write from './config/write-config.js';
import { insertUsage } from './usage/insert-usage.js';
import { prepareUsageBatch, usageRecordsOf } from './usage/usage-batch.js';
import { kyselyWriteConnection } from './usage/kysely-write-connection.js';
import { usageRows } from './usage/usage-rows.js';
import type { UsageWriterThread } from './usage/usage-writer-thread.js';
import { iterateUsage, recentUsage } from './usage/list-usage.js';
import { purgeUsage } from './usage/purge-usage.js';
import { usageBreakdown, usageFacets, usageSummary, usageTimeSeries } from './usage/query-usage.js';

/** The Store for both databases: the same Kysely queries, with the differences kept in `SqlDialect`. */
export class KyselyStore implements Store {
  readonly dialect: 'sqlite' | 'postgres';
  private closing: Promise<void> | undefined;

  constructor(
    private readonly db: Db,
    private readonly sqlDialect: SqlDialect,
    /** Usage batches are written by a worker thread (usage-writer-thread.ts): none of a write runs on the event loop. */
    private readonly usageWriter?: UsageWriterThread,
  ) {
    this.dialect = sqlDialect.name;
  }

  insertUsage(records: UsageRecordInput[]): Promise<void> {
    return this.insertPreparedUsage(prepareUsageBatch(records));
  }

  insertPreparedUsage(batch: PreparedUsage, withinMs = 0): Promise<void> {
    if (this.usageWriter?.usable) return this.usageWriter.insert(batch, withinMs);
    return insertUsage(kyselyWriteConnection(this.db, this.sqlDialect), usageRows(usageRecordsOf(batch)));
  }

  flushUsage(): void {
    this.usageWriter?.flush();
  }

  usageSummary(filter: UsageFilter): Promise<UsageTotals> {
    return usageSummary(this.db, this.sqlDialect, filter);
  }

  usageTimeSeries(filter: UsageFilter, bucket: TimeBucket): Promise<TimeSeriesPoint[]> {
    return usageTimeSeries(this.db, this.sqlDialect, filter, bucket);
  }

  usageBreakdown(filter: UsageFilter, by: BreakdownDimension, limit: number): Promise<BreakdownRow[]> {
    return usageBreakdown(this.db, this.sqlDialect, filter, by, limit);
  }

  recentUsage(filter: UsageFilter, page: { limit: number; offset: number }): Promise<RecentPage> {
    return recentUsage(this.db, this.sqlDialect, filter, page);
  }

  iterateUsage(filter: UsageFilter): AsyncIterable<UsageRecord> {
    return iterateUsage(this.db, filter);
  }

  usageFacets(from: number, to: number): Promise<UsageFacets> {
    return usageFacets(this.db, this.sqlDialect, from, to);
  }

  purgeUsage(before: number, batchSize: number): Promise<number> {
    return purgeUsage(this.db, this.sqlDialect, before, batchSize);
  }

  configVersion(): Promise<number> {
    return config.configVersion(this.db);
  }

  loadConfig(): Promise<ConfigSnapshot> {
    return config.loadConfig(this.db, this.sqlDialect);
  }

  updateSettings(patch: Partial<Settings>): Promise<Settings> {
    return write.updateSettings(this.db, this.sqlDialect, patch);
  }

  upsertCustomProvider(provider: CustomProvider): Promise<void> {
    return write.upsertCustomProvider(this.db, this.sqlDialect, provider);
  }

  deleteCustomProvider(id: string): Promise<boolean> {
    return write.deleteCustomProvider(this.db, this.sqlDialect, id);
  }

  setProviderOverride(override: ProviderOverride): Promise<void> {
    return write.setProviderOverride(this.db, this.sqlDialect, override);
  }

  upsertCustomModel(model: CustomModel): Promise<void> {
    return write.upsertCustomModel(this.db, this.sqlDialect, model);
  }

  deleteCustomModel(provider: string, id: string): Promise<boolean> {
    return write.deleteCustomModel(this.db, this.sqlDialect, provider, id);
  }

  setModelOverride(override: ModelOverride): Promise<void> {
    return write.setModelOverride(this.db, this.sqlDialect, override);
  }

  clearModelOverride(provider: string, modelId: string): Promise<boolean> {
    return write.clearModelOverride(this.db, this.sqlDialect, provider, modelId);
  }

  upsertCustomAlias(alias: CustomAlias): Promise<void> {
    return write.upsertCustomAlias(this.db, this.sqlDialect, alias);
  }

  deleteCustomAlias(alias: string): Promise<boolean> {
    return write.deleteCustomAlias(this.db, this.sqlDialect, alias);
  }

  setAliasOverride(override: AliasOverride): Promise<void> {
    return write.setAliasOverride(this.db, this.sqlDialect, override);
  }

  getPasswordHash(): Promise<string | null> {
    return secrets.getPasswordHash(this.db);
  }

  setPasswordHash(hash: string): Promise<void> {
    return secrets.setPasswordHash(this.db, hash);
  }

  sessionSecret(): Promise<string> {
    return secrets.sessionSecret(this.db);
  }

  /** Idempotent: the server's shutdown path and tests may both close it. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.usageWriter?.close();
      await this.db.destroy();
    })();
    return this.closing;
  }
}
