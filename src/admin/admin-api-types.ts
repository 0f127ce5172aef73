/**
 * The admin API's JSON shapes (served on ADMIN_PORT under /api/). The web UI imports these types, so the server and
 * the browser cannot drift apart. Secrets never appear here: keys are reported only as set / not set.
 */
import type {
  BreakdownRow, CustomProviderType, Price, RecentPage, Settings, TimeBucket, TimeSeriesPoint, UsageFacets, UsageTotals,
} from '../store/store-types.js';

export type {
  BreakdownDimension, BreakdownRow, CostSource, CustomProviderType, Price, RecentPage, Settings, TimeBucket,
  TimeSeriesPoint, UsageFacets, UsageRecord, UsageTotals,
} from '../store/store-types.js';

/** Every error answer: `{ "error": { "message": "…", "code": "…" } }` with a 4xx/5xx status. */
export type ApiError = { error: { message: string; code: string } };

/**
 * Auth: POST /api/login {password} sets an HttpOnly SameSite=Strict cookie `switchboard_session`.
 * Every state-changing request (POST/PUT/PATCH/DELETE) must carry the header `X-Switchboard-Csrf: 1` (a custom header
 * a cross-site form cannot send); the API answers 403 `csrf` otherwise.
 */
export type LoginRequest = { password: string };
export type SessionInfo = { authenticated: true; expiresAt: number };
export type PasswordChangeRequest = { currentPassword: string; newPassword: string };

export type ProviderSource = 'system' | 'config' | 'custom';
/** active: usable; no_key: its key env var is unset; disabled: turned off by the admin; unreachable: last check failed. */
export type ProviderStatus = 'active' | 'no_key' | 'disabled' | 'unreachable';
export type ProviderDialect = 'openai-compatible' | 'anthropic' | 'gemini' | 'ollama';

export type ProviderView = {
  id: string;
  displayName: string;
  dialect: ProviderDialect;
  source: ProviderSource;
  baseUrl: string;
  /** Name of the env var holding the key (null for keyless providers such as Ollama). */
  apiKeyEnv: string | null;
  keySet: boolean;
  enabled: boolean;
  status: ProviderStatus;
  /** Why it is unreachable, from the last discovery or test. */
  statusDetail: string | null;
  /** Header names only (values may be secrets). */
  headerNames: string[];
  modelCount: number;
  aliasCount: number;
  /** Ollama and other discovering providers. */
  discovery: { lastRefreshAt: number | null; lastError: string | null; modelCount: number } | null;
};

/** POST /api/providers (create) and PUT /api/providers/:id (edit) — custom providers only. */
export type CustomProviderInput = {
  id: string;
  type: CustomProviderType;
  displayName?: string;
  baseUrl: string;
  apiKeyEnv?: string | null;
  /** Header values are write-only: the API never returns them. */
  headers?: Record<string, string>;
  enabled?: boolean;
};

/** POST /api/providers/:id/test — a real upstream call (list models, or a 1-token chat). */
export type ProviderTestResult = { ok: boolean; latencyMs: number; message: string; modelCount: number | null };

export type ModelSource = 'system' | 'discovered' | 'custom';

export type ModelValues = {
  displayName: string;
  contextLength: number;
  /** Largest answer the model gives (catalog or custom model); null when unknown. */
  maxOutputTokens: number | null;
  capabilities: string[];
  price: Price | null;
  description: string | null;
};

export type ModelView = {
  provider: string;
  id: string;
  /** What a client sends to reach it (bare id when unique, else provider/id). */
  name: string;
  kind: 'chat' | 'embedding';
  source: ModelSource;
  enabled: boolean;
  /** Provider status: a model of an inactive provider is listed but not served. */
  providerActive: boolean;
  /** Effective values (system values with the override applied). */
  values: ModelValues;
  /** The values before any override (for the Override dialog). */
  systemValues: ModelValues;
  /** The override fields that are set, or null. */
  override: { price?: Price; contextLength?: number; capabilities?: string[]; description?: string } | null;
  aliases: string[];
};

/** PUT /api/models/custom (create or edit), DELETE /api/models/custom?provider=&model= */
export type CustomModelInput = {
  provider: string;
  id: string;
  displayName?: string;
  kind?: 'chat' | 'embedding';
  contextLength: number;
  maxOutputTokens?: number | null;
  capabilities?: string[];
  price?: Price | null;
  description?: string | null;
};
/** PUT /api/models/override, DELETE /api/models/override?provider=&model= */
export type ModelOverrideInput = {
  provider: string;
  modelId: string;
  price?: Price;
  contextLength?: number;
  capabilities?: string[];
  description?: string;
};
/** POST /api/models/enabled */
export type ModelEnabledInput = { provider: string; modelId: string; enabled: boolean };

export type AliasView = {
  alias: string;
  provider: string;
  modelId: string;
  source: 'system' | 'custom';
  enabled: boolean;
};
/** PUT /api/aliases/custom, DELETE /api/aliases/custom?alias= */
export type CustomAliasInput = { alias: string; provider: string; modelId: string; enabled?: boolean };
/** POST /api/aliases/enabled (system or custom) */
export type AliasEnabledInput = { alias: string; provider: string; enabled: boolean };

/**
 * Usage queries take the same query-string filters: from, to (epoch ms; from inclusive, to exclusive; default:
 * the last 24 hours), tags, providers, models, clients (each a comma-separated list; models as provider/model).
 *   GET /api/usage/summary                 → UsageTotals
 *   GET /api/usage/timeseries?bucket=hour|day → UsageTimeSeries
 *   GET /api/usage/breakdown?by=tag|provider|model|client&limit=50 → BreakdownRow[]
 *   GET /api/usage/requests?limit=50&offset=0 → RecentPage
 *   GET /api/usage/export.csv              → text/csv of the matching requests
 *   GET /api/usage/facets                  → UsageFacets (distinct values in the range, for filter pickers)
 */
export type UsageTimeSeries = { bucket: TimeBucket; points: TimeSeriesPoint[] };
export type UsageBreakdown = BreakdownRow[];
export type UsageRequests = RecentPage;
export type UsageFacetsView = UsageFacets;

/** GET /api/dashboard */
export type DashboardView = {
  providers: ProviderView[];
  today: UsageTotals;
  month: UsageTotals;
  modelCount: number;
  aliasCount: number;
};

/**
 * GET /api/widget — for homelab dashboards (Homepage, Dashy). Accepts the session cookie or
 * `Authorization: Bearer <admin password>`.
 */
export type WidgetSummary = {
  requestsToday: number;
  tokensToday: number;
  costTodayUsd: number;
  requestsMonth: number;
  tokensMonth: number;
  costMonthUsd: number;
};

/** GET /api/settings → Settings; PATCH /api/settings with a partial Settings → Settings. */
export type SettingsPatch = Partial<Settings>;

// ---- Added by the admin API implementation (additive; nothing above was renamed) --------------------------------

/** GET /api/health (no auth): 200 when the database answers, else 503 with an ApiError. */
export type HealthView = { status: 'ok' };

/** POST /api/providers/:id/enabled — enable/disable any provider (built-in, config-file or custom) → ProviderView. */
export type ProviderEnabledInput = { enabled: boolean };

/*
 * Every route and its success answer (the OpenAPI document at GET /api/openapi.json is generated from the same list).
 * State-changing requests need `X-Switchboard-Csrf: 1` and a JSON body (`Content-Type: application/json`) when
 * they have one; a request whose `Origin` differs from its `Host` is refused (403 `csrf`).
 *   POST   /api/login                 LoginRequest → 204 + cookie (401 wrong password, 429 + Retry-After when rate-limited)
 *   POST   /api/logout                → 204 (clears the cookie)
 *   GET    /api/session               → SessionInfo (401 when not logged in)
 *   POST   /api/password              PasswordChangeRequest → 204 + a new cookie (every other session ends);
 *                                     403 `wrong_password`; 409 `password_from_env` when ADMIN_PASSWORD is set
 *   GET    /api/health                → HealthView (no auth)
 *   GET    /api/openapi.json          → the OpenAPI 3.1 document (no auth)
 *   GET    /api/dashboard             → DashboardView
 *   GET    /api/widget                → WidgetSummary (cookie or `Authorization: Bearer <admin password>`)
 *   GET    /api/providers             → ProviderView[]
 *   POST   /api/providers             CustomProviderInput → 201 ProviderView (409 `conflict` / `reserved_id`)
 *   PUT    /api/providers/:id         CustomProviderInput → ProviderView (custom only; `headers` omitted = keep
 *                                     the stored ones, given = replace them all; the body id must equal :id)
 *   DELETE /api/providers/:id         → 204 (custom only)
 *   POST   /api/providers/:id/enabled ProviderEnabledInput → ProviderView
 *   POST   /api/providers/:id/test    → ProviderTestResult (200 even when the test failed: see `ok`)
 *   POST   /api/providers/:id/refresh → ProviderView (discovering providers only, else 409 `unsupported`)
 *   GET    /api/models                → ModelView[]
 *   PUT    /api/models/custom         CustomModelInput → ModelView
 *   DELETE /api/models/custom?provider=&model= → 204
 *   PUT    /api/models/override       ModelOverrideInput → ModelView (replaces the whole override)
 *   DELETE /api/models/override?provider=&model= → ModelView (system values again)
 *   POST   /api/models/enabled        ModelEnabledInput → ModelView
 *   GET    /api/aliases               → AliasView[]
 *   PUT    /api/aliases/custom        CustomAliasInput → AliasView
 *   DELETE /api/aliases/custom?alias= → 204
 *   POST   /api/aliases/enabled       AliasEnabledInput → AliasView
 *   GET    /api/usage/…               see the usage comment above
 *   GET    /api/settings              → Settings
 *   PATCH  /api/settings              SettingsPatch → Settings
 * Unknown /api paths answer 404 `not_found`; invalid input 400 `invalid_request` naming the field; not logged in 401
 * `unauthorized`.
 */
