import type { Generated, Kysely } from 'kysely';

/**
 * The tables as Kysely sees them (created by migrations/001-initial-schema.ts). Column names are snake_case; the
 * mapping to the camelCase store types lives next to each query. Shared by SQLite and PostgreSQL, so:
 * booleans are integers 0/1 (SQLite has no boolean), JSON is text, times (epoch ms), micro-dollars and token
 * counts are BIGINT (PostgreSQL's int8/numeric are parsed to JS numbers by the pool, see open-store.ts).
 */
export interface Database {
  schema_migrations: SchemaMigrationsTable;
  settings: SettingsTable;
  admin_secrets: AdminSecretsTable;
  config_version: ConfigVersionTable;
  custom_providers: CustomProvidersTable;
  provider_overrides: ProviderOverridesTable;
  custom_models: CustomModelsTable;
  model_overrides: ModelOverridesTable;
  custom_aliases: CustomAliasesTable;
  alias_overrides: AliasOverridesTable;
  usage_records: UsageRecordsTable;
  usage_tag_sets: UsageTagSetsTable;
  usage_hourly: UsageAggregateTable;
  usage_daily: UsageAggregateTable;
}

export type Db = Kysely<Database>;

export interface SchemaMigrationsTable {
  version: number;
  name: string;
  applied_at: number;
}

/** One row per Settings key; value is JSON. */
export interface SettingsTable {
  key: string;
  value: string;
}

/** `password_hash`, `session_secret`. */
export interface AdminSecretsTable {
  name: string;
  value: string;
}

/** A single row (id 1) bumped in the same transaction as every configuration write. */
export interface ConfigVersionTable {
  id: number;
  version: number;
}

export interface CustomProvidersTable {
  id: string;
  type: string;
  display_name: string;
  base_url: string;
  api_key_env: string | null;
  /** JSON object. */
  headers: string;
  enabled: number;
}

export interface ProviderOverridesTable {
  id: string;
  enabled: number;
}

export interface CustomModelsTable {
  provider: string;
  id: string;
  display_name: string;
  kind: string;
  context_length: number;
  max_output_tokens: number | null;
  /** JSON array. */
  capabilities: string;
  /** JSON Price or null. */
  price: string | null;
  description: string | null;
}

/** Every value column null = "keep the system value". */
export interface ModelOverridesTable {
  provider: string;
  model_id: string;
  enabled: number | null;
  price: string | null;
  context_length: number | null;
  capabilities: string | null;
  description: string | null;
}

export interface CustomAliasesTable {
  alias: string;
  provider: string;
  model_id: string;
  enabled: number;
}

export interface AliasOverridesTable {
  provider: string;
  alias: string;
  enabled: number;
}

/** One row per request; the database assigns the id (rowid on SQLite, a sequence on PostgreSQL). */
export interface UsageRecordsTable {
  id: Generated<number>;
  time: number;
  surface: string;
  endpoint: string;
  requested_model: string | null;
  provider: string | null;
  upstream_model: string | null;
  /** JSON array in the order the request gave them. */
  tags: string;
  /** The tags' set key (JSON of the distinct tags, sorted), as in the aggregates; usage_tag_sets lists its tags. */
  tag_set: string;
  client_ip: string;
  client_host: string | null;
  user_agent: string | null;
  stream: number;
  status: number;
  error_kind: string | null;
  /** Derived at insert (see isErrorRecord) so raw queries and aggregates count errors the same way. */
  is_error: number;
  input_tokens: number | null;
  output_tokens: number | null;
  reasoning_tokens: number | null;
  cache_read_tokens: number | null;
  cache_write_tokens: number | null;
  latency_ms: number;
  ttft_ms: number | null;
  cost_micros: number | null;
  cost_source: string;
}

/**
 * Membership of each tag set seen in the aggregates: `tag_set` is the aggregate key (JSON array of the sorted
 * tags), one row per tag in it. Lets aggregate queries filter and group by single tags exactly.
 */
export interface UsageTagSetsTable {
  tag_set: string;
  tag: string;
}

/**
 * usage_hourly and usage_daily. Dimension columns are never null ('' = unknown) so the unique key can be upserted.
 */
export interface UsageAggregateTable {
  id: Generated<number>;
  bucket_start: number;
  provider: string;
  upstream_model: string;
  client_ip: string;
  client_host: string;
  tag_set: string;
  requests: number;
  errors: number;
  input_tokens: number;
  output_tokens: number;
  reasoning_tokens: number;
  cache_read_tokens: number;
  cache_write_tokens: number;
  cost_micros: number;
  reported_cost_micros: number;
}
