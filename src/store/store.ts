import type {
  AliasOverride, BreakdownDimension, BreakdownRow, ConfigSnapshot, CustomAlias, CustomModel, CustomProvider, ModelOverride,
  PreparedUsage, ProviderOverride, RecentPage, Settings, TimeBucket, TimeSeriesPoint, UsageFacets, UsageFilter, UsageRecord,
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
  /** Inserts a batch in one transaction and updates the hourly/daily aggregates (as insertPreparedUsage does). */
  insertUsage(records: UsageRecordInput[]): Promise<void>;
  /**
   * insertUsage for a batch already in the store's compact form (usage/usage-batch.ts; UsageRecorder builds it record
   * by record as each response ends). With `withinMs`, the batch may wait up to that long to be written in one
   * transaction with batches inserted after it (fewer, larger transactions, for UsageRecorder); 0 (the default)
   * writes it at once, together with any batch still waiting before it.
   */
  insertPreparedUsage(batch: PreparedUsage, withinMs?: number): Promise<void>;
  /** Writes every batch still waiting (insertPreparedUsage's `withinMs`) now: for a shutdown. */
  flushUsage(): void;
  /**
   * Usage queries are exact for any range and filter (aggregates for whole hours/days, raw records for the
   * partial edges). A request counts once in totals even when it matches several filter tags.
   */
  usageSummary(filter: UsageFilter): Promise<UsageTotals>;
  /** Only buckets with data, oldest first; buckets are UTC hours/days (`bucketStart` = start of the bucket). */
  usageTimeSeries(filter: UsageFilter, bucket: TimeBucket): Promise<TimeSeriesPoint[]>;
  /**
   * Rows sorted by requests (desc), then key; at most `limit`. By tag, a request with two tags counts under each.
   * Keys: tag; provider; model = `provider/upstreamModel`; client = hostname if known, else IP. Requests that
   * never resolved to a provider (unknown model) have the key '' for provider and model.
   */
  usageBreakdown(filter: UsageFilter, by: BreakdownDimension, limit: number): Promise<BreakdownRow[]>;
  /** Newest first (ties by id, newest first), with the number of matching records. */
  recentUsage(filter: UsageFilter, page: { limit: number; offset: number }): Promise<RecentPage>;
  /** Rows newest first, in pages, for CSV export without loading everything. */
  iterateUsage(filter: UsageFilter): AsyncIterable<UsageRecord>;
  /** Distinct non-empty keys in [from, to), sorted; `models` as `provider/upstreamModel`, `clients` as in breakdowns. */
  usageFacets(from: number, to: number): Promise<UsageFacets>;
  /**
   * Deletes raw records and aggregates older than `before`, `batchSize` rows per statement; returns the number of
   * raw usage records deleted. `before` is rounded down to a UTC day start, so raw records and both aggregate
   * levels lose exactly the same time span and keep agreeing.
   */
  purgeUsage(before: number, batchSize: number): Promise<number>;

  // -- configuration -------------------------------------------------------------------------------------------
  /** Bumped in the same transaction as every configuration write that changed something (starts at 1). */
  configVersion(): Promise<number>;
  /** Everything from one snapshot: `version` describes exactly these rows. Settings are merged over DEFAULT_SETTINGS. */
  loadConfig(): Promise<ConfigSnapshot>;
  /** Keys that are undefined are left alone; returns the settings after the change. */
  updateSettings(patch: Partial<Settings>): Promise<Settings>;
  upsertCustomProvider(provider: CustomProvider): Promise<void>;
  deleteCustomProvider(id: string): Promise<boolean>;
  setProviderOverride(override: ProviderOverride): Promise<void>;
  upsertCustomModel(model: CustomModel): Promise<void>;
  deleteCustomModel(provider: string, id: string): Promise<boolean>;
  /**
   * Merges into the stored override. `enabled` undefined keeps the stored flag. The value fields (price,
   * contextLength, capabilities, description) are replaced as a group when at least one is given (absent ones
   * are cleared) and kept when none is given: an enable/disable toggle never wipes prices, and saving the
   * override form never re-enables a disabled model.
   */
  setModelOverride(override: ModelOverride): Promise<void>;
  /** Clears the override values but keeps enabled/disabled; false when there were no values to clear. */
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

  /** Idempotent. */
  close(): Promise<void>;
}
