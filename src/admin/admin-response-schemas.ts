import { z } from 'zod';
import type {
  AliasView, ApiError, DashboardView, ModelValues, ModelView, Price, ProviderTestResult, ProviderView, RecentPage,
  SessionInfo, Settings, TimeSeriesPoint, BreakdownRow, UsageFacets, UsageRecord, UsageTimeSeries, UsageTotals,
  WidgetSummary, HealthView,
} from './admin-api-types.js';
import type { Assert, Same } from './schema-checks.js';

/**
 * The admin API's answers as zod schemas, for the OpenAPI document only (responses are not re-validated at run
 * time). The checks at the bottom fail to compile when a schema and its type in admin-api-types.ts differ.
 */

const int = z.int();
const nullableInt = z.int().nullable();

export const apiErrorSchema = z.object({ error: z.object({ message: z.string(), code: z.string() }) });

export const priceSchema = z.object({
  input: z.number(),
  output: z.number(),
  cachedInput: z.number().optional(),
  cacheWrite: z.number().optional(),
});

export const sessionInfoSchema = z.object({ authenticated: z.literal(true), expiresAt: int });
export const healthViewSchema = z.object({ status: z.literal('ok') });

export const providerViewSchema = z.object({
  id: z.string(),
  displayName: z.string(),
  dialect: z.enum(['openai-compatible', 'anthropic', 'gemini', 'ollama']),
  source: z.enum(['system', 'config', 'custom']),
  baseUrl: z.string(),
  apiKeyEnv: z.string().nullable(),
  keySet: z.boolean(),
  enabled: z.boolean(),
  status: z.enum(['active', 'no_key', 'disabled', 'unreachable']),
  statusDetail: z.string().nullable(),
  headerNames: z.array(z.string()),
  modelCount: int,
  aliasCount: int,
  discovery: z.object({ lastRefreshAt: nullableInt, lastError: z.string().nullable(), modelCount: int }).nullable(),
});

export const providerTestResultSchema = z.object({
  ok: z.boolean(),
  latencyMs: z.number(),
  message: z.string(),
  modelCount: nullableInt,
});

export const modelValuesSchema = z.object({
  displayName: z.string(),
  contextLength: int,
  maxOutputTokens: nullableInt,
  capabilities: z.array(z.string()),
  price: priceSchema.nullable(),
  description: z.string().nullable(),
});

export const modelViewSchema = z.object({
  provider: z.string(),
  id: z.string(),
  name: z.string(),
  kind: z.enum(['chat', 'embedding']),
  source: z.enum(['system', 'discovered', 'custom']),
  enabled: z.boolean(),
  providerActive: z.boolean(),
  values: modelValuesSchema,
  systemValues: modelValuesSchema,
  override: z
    .object({ price: priceSchema.optional(), contextLength: int.optional(), capabilities: z.array(z.string()).optional(), description: z.string().optional() })
    .nullable(),
  aliases: z.array(z.string()),
});

export const aliasViewSchema = z.object({
  alias: z.string(),
  provider: z.string(),
  modelId: z.string(),
  source: z.enum(['system', 'custom']),
  enabled: z.boolean(),
});

export const settingsSchema = z.object({
  defaultModel: z.string().nullable(),
  defaultTag: z.string(),
  trackingEnabled: z.boolean(),
  dnsResolution: z.boolean(),
  trustedProxies: z.array(z.string()),
  retentionDays: int,
  priceRefresh: z.boolean(),
});

export const usageTotalsSchema = z.object({
  requests: int,
  errors: int,
  inputTokens: int,
  outputTokens: int,
  reasoningTokens: int,
  cacheReadTokens: int,
  cacheWriteTokens: int,
  costMicros: int.describe('US dollars × 1,000,000'),
  reportedCostMicros: int.describe('the part of costMicros reported by the provider'),
});

export const timeSeriesPointSchema = usageTotalsSchema.extend({ bucketStart: int });
export const usageTimeSeriesSchema = z.object({ bucket: z.enum(['hour', 'day']), points: z.array(timeSeriesPointSchema) });
export const breakdownRowSchema = usageTotalsSchema.extend({ key: z.string() });

export const usageRecordSchema = z.object({
  id: int,
  time: int,
  surface: z.enum(['ollama', 'openai', 'anthropic']),
  endpoint: z.string(),
  requestedModel: z.string().nullable(),
  provider: z.string().nullable(),
  upstreamModel: z.string().nullable(),
  tags: z.array(z.string()),
  clientIp: z.string(),
  clientHost: z.string().nullable(),
  userAgent: z.string().nullable(),
  stream: z.boolean(),
  status: int,
  errorKind: z.string().nullable(),
  inputTokens: nullableInt,
  outputTokens: nullableInt,
  reasoningTokens: nullableInt,
  cacheReadTokens: nullableInt,
  cacheWriteTokens: nullableInt,
  latencyMs: z.number(),
  ttftMs: z.number().nullable(),
  costMicros: nullableInt,
  costSource: z.enum(['reported', 'computed', 'none']),
});

export const recentPageSchema = z.object({ rows: z.array(usageRecordSchema), total: int });
export const usageFacetsSchema = z.object({
  tags: z.array(z.string()),
  providers: z.array(z.string()),
  models: z.array(z.string()),
  clients: z.array(z.string()),
});

export const dashboardViewSchema = z.object({
  providers: z.array(providerViewSchema),
  today: usageTotalsSchema,
  month: usageTotalsSchema,
  modelCount: int,
  aliasCount: int,
});

export const widgetSummarySchema = z.object({
  requestsToday: int,
  tokensToday: int,
  costTodayUsd: z.number(),
  requestsMonth: int,
  tokensMonth: int,
  costMonthUsd: z.number(),
});

type _Checks = [
  Assert<Same<z.infer<typeof apiErrorSchema>, ApiError>>,
  Assert<Same<z.infer<typeof priceSchema>, Price>>,
  Assert<Same<z.infer<typeof sessionInfoSchema>, SessionInfo>>,
  Assert<Same<z.infer<typeof healthViewSchema>, HealthView>>,
  Assert<Same<z.infer<typeof providerViewSchema>, ProviderView>>,
  Assert<Same<z.infer<typeof providerTestResultSchema>, ProviderTestResult>>,
  Assert<Same<z.infer<typeof modelValuesSchema>, ModelValues>>,
  Assert<Same<z.infer<typeof modelViewSchema>, ModelView>>,
  Assert<Same<z.infer<typeof aliasViewSchema>, AliasView>>,
  Assert<Same<z.infer<typeof settingsSchema>, Settings>>,
  Assert<Same<z.infer<typeof usageTotalsSchema>, UsageTotals>>,
  Assert<Same<z.infer<typeof timeSeriesPointSchema>, TimeSeriesPoint>>,
  Assert<Same<z.infer<typeof usageTimeSeriesSchema>, UsageTimeSeries>>,
  Assert<Same<z.infer<typeof breakdownRowSchema>, BreakdownRow>>,
  Assert<Same<z.infer<typeof usageRecordSchema>, UsageRecord>>,
  Assert<Same<z.infer<typeof recentPageSchema>, RecentPage>>,
  Assert<Same<z.infer<typeof usageFacetsSchema>, UsageFacets>>,
  Assert<Same<z.infer<typeof dashboardViewSchema>, DashboardView>>,
  Assert<Same<z.infer<typeof widgetSummarySchema>, WidgetSummary>>,
];
