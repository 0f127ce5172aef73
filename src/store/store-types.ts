/**
 * What Switchboard keeps in its database, as the rest of the code sees it. One interface (store.ts), one
 * implementation per dialect (SQLite, PostgreSQL). Times are epoch milliseconds; money is integer micro-dollars
 * (1 USD = 1_000_000) so that sums are exact.
 */

export type Surface = 'ollama' | 'openai' | 'anthropic';
export type CostSource = 'reported' | 'computed' | 'none';

/** One request through any surface, success or failure. `null` token counts mean "not reported", never 0. */
export type UsageRecordInput = {
  time: number;
  surface: Surface;
  /** Path without query, e.g. `/api/chat`, `/v1/chat/completions`. */
  endpoint: string;
  requestedModel: string | null;
  provider: string | null;
  upstreamModel: string | null;
  /** Already validated and de-duplicated, in order; at least one (the default tag). */
  tags: string[];
  clientIp: string;
  clientHost: string | null;
  userAgent: string | null;
  stream: boolean;
  /** HTTP status sent to the client (499 when the client went away). */
  status: number;
  /** ProxyError code or 'client_closed'; null on success. */
  errorKind: string | null;
  inputTokens: number | null;
  outputTokens: number | null;
  reasoningTokens: number | null;
  cacheReadTokens: number | null;
  cacheWriteTokens: number | null;
  latencyMs: number;
  /** Time to first content byte for streams; null for non-stream requests or when nothing was sent. */
  ttftMs: number | null;
  costMicros: number | null;
  costSource: CostSource;
};

export type UsageRecord = UsageRecordInput & { id: number };

/**
 * A batch of usage records in columnar form (usage/usage-batch.ts): per record a fixed number of values in one
 * Float64Array (outside the JS heap), the batch's distinct strings once each. `strings` grows when hostnames are
 * filled in (the reverse-DNS step).
 */
export type PreparedUsage = { readonly records: number; readonly numbers: Float64Array; readonly strings: string[] };

/** Every list filter is optional; an empty or absent list means "all". `from` inclusive, `to` exclusive. */
export type UsageFilter = {
  from: number;
  to: number;
  tags?: string[];
  providers?: string[];
  /** Matches the upstream model id (`provider` + `upstreamModel`); values are `provider/model` or a bare model id. */
  models?: string[];
  /** Client IPs or hostnames. */
  clients?: string[];
};

/** Sums over requests; token counts and costs that were not reported add 0 here (and stay null in records). */
export type UsageTotals = {
  requests: number;
  /** Requests with an errorKind or a status >= 400 (499 client_closed included). */
  errors: number;
  inputTokens: number;
  outputTokens: number;
  reasoningTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  costMicros: number;
  /** Part of costMicros that the provider reported (OpenRouter); the rest was computed from rates. */
  reportedCostMicros: number;
};

export type TimeBucket = 'hour' | 'day';
export type TimeSeriesPoint = UsageTotals & { bucketStart: number };

export type BreakdownDimension = 'tag' | 'provider' | 'model' | 'client';
export type BreakdownRow = UsageTotals & { key: string };

export type RecentPage = { rows: UsageRecord[]; total: number };

/** Distinct values seen, for filter pickers. */
export type UsageFacets = { tags: string[]; providers: string[]; models: string[]; clients: string[] };

// ---- configuration ----------------------------------------------------------------------------------------------

export type Settings = {
  /** Model used when a client asks for an unknown name; null (the default) keeps unknown models a 404. */
  defaultModel: string | null;
  defaultTag: string;
  trackingEnabled: boolean;
  dnsResolution: boolean;
  /** IPs or CIDRs whose X-Forwarded-For is trusted. */
  trustedProxies: string[];
  /** Raw records and aggregates older than this are purged; 0 keeps everything. */
  retentionDays: number;
  /** Refresh prices from OpenRouter's public model list once a day. */
  priceRefresh: boolean;
};

export const DEFAULT_SETTINGS: Settings = {
  defaultModel: null,
  defaultTag: 'default',
  trackingEnabled: true,
  dnsResolution: false,
  trustedProxies: [],
  retentionDays: 365,
  priceRefresh: false,
};

export type CustomProviderType = 'openai-compatible' | 'anthropic-compatible' | 'ollama';

/** A provider created in the admin UI. Keys are never stored: only the name of the env var that holds one. */
export type CustomProvider = {
  id: string;
  type: CustomProviderType;
  displayName: string;
  baseUrl: string;
  apiKeyEnv: string | null;
  headers: Record<string, string>;
  enabled: boolean;
};

export type Price = { input: number; output: number; cachedInput?: number; cacheWrite?: number };

/** A model added by hand to any provider. */
export type CustomModel = {
  provider: string;
  id: string;
  displayName: string;
  kind: 'chat' | 'embedding';
  contextLength: number;
  maxOutputTokens: number | null;
  capabilities: string[];
  /** USD per million tokens; null = unknown (cost stays 'none'). */
  price: Price | null;
  description: string | null;
};

/** Changes to a system or discovered model. Absent fields keep the system value. */
export type ModelOverride = {
  provider: string;
  modelId: string;
  enabled?: boolean;
  price?: Price;
  contextLength?: number;
  capabilities?: string[];
  description?: string;
};

export type CustomAlias = { alias: string; provider: string; modelId: string; enabled: boolean };
/** Enable/disable for an alias that ships in the catalog. */
export type AliasOverride = { provider: string; alias: string; enabled: boolean };
/** Enable/disable for a built-in or config-file provider. */
export type ProviderOverride = { id: string; enabled: boolean };

/** Everything that shapes routing, loaded in one go when anything changes. */
export type ConfigSnapshot = {
  version: number;
  settings: Settings;
  customProviders: CustomProvider[];
  providerOverrides: ProviderOverride[];
  customModels: CustomModel[];
  modelOverrides: ModelOverride[];
  customAliases: CustomAlias[];
  aliasOverrides: AliasOverride[];
};
