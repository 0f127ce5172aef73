import type {
  AliasOverride, BreakdownDimension, BreakdownRow, ConfigSnapshot, CustomAlias, CustomModel, CustomProvider, ModelOverride,
  ProviderOverride, RecentPage, Settings, TimeBucket, TimeSeriesPoint, UsageFacets, UsageFilter, UsageRecord,
  UsageRecordInput, UsageTotals,
} from './store-types.js';

export type * from './store-types.js';

/**
 * The database behind Switchboard. Implementations: SQLite (default, DATA_DIR/switchboard.db) and PostgreSQL
 * (DATABASE_URL). Every config write bumps a version number, so other instances sharing the database notice.
 */
export interface Store {
  readonly dialect: 'sqlite' | 'postgres';

  // -- usage --------------------------------------------------------------------------------------------------
  /** Inserts a batch in one transaction and updates the hourly/daily aggregates. Called by UsageRecorder only. */
  insertUsage(records: UsageRecordInput[]): Promise<void>;
  usageSummary(filter: UsageFilter): Promise<UsageTotals>;
  usageTimeSeries(filter: UsageFilter, bucket: TimeBucket): Promise<TimeSeriesPoint[]>;
  usageBreakdown(filter: UsageFilter, by: BreakdownDimension, limit: number): Promise<BreakdownRow[]>;
  recentUsage(filter: UsageFilter, page: { limit: number; offset: number }): Promise<RecentPage>;
  /** Rows newest first, in pages, for CSV export without loading everything. */
  iterateUsage(filter: UsageFilter): AsyncIterable<UsageRecord>;
  usageFacets(from: number, to: number): Promise<UsageFacets>;
  /** Deletes raw records and aggregates older than `before`, `batchSize` rows per statement; returns rows deleted. */
  purgeUsage(before: number, batchSize: number): Promise<number>;

  // -- configuration -------------------------------------------------------------------------------------------
  configVersion(): Promise<number>;
  loadConfig(): Promise<ConfigSnapshot>;
  updateSettings(patch: Partial<Settings>): Promise<Settings>;
  upsertCustomProvider(provider: CustomProvider): Promise<void>;
  deleteCustomProvider(id: string): Promise<boolean>;
  setProviderOverride(override: ProviderOverride): Promise<void>;
  upsertCustomModel(model: CustomModel): Promise<void>;
  deleteCustomModel(provider: string, id: string): Promise<boolean>;
  setModelOverride(override: ModelOverride): Promise<void>;
  clearModelOverride(provider: string, modelId: string): Promise<boolean>;
  upsertCustomAlias(alias: CustomAlias): Promise<void>;
  deleteCustomAlias(alias: string): Promise<boolean>;
  setAliasOverride(override: AliasOverride): Promise<void>;

  // -- admin auth ----------------------------------------------------------------------------------------------
  /** scrypt hash string (format chosen by the admin module), or null before the first start. */
  getPasswordHash(): Promise<string | null>;
  setPasswordHash(hash: string): Promise<void>;
  /** Random secret for signing session cookies, created on first use; shared by every instance. */
  sessionSecret(): Promise<string>;

  close(): Promise<void>;
}
