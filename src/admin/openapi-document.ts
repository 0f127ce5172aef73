import { z } from 'zod';
import * as requests from './admin-request-schemas.js';
import * as responses from './admin-response-schemas.js';
import type { AdminRouteDoc } from './admin-route.js';
import { SESSION_COOKIE } from './admin-auth.js';

/**
 * The OpenAPI 3.1 document, generated from the same route list and zod schemas the server validates with, so it
 * cannot drift from what the server does. Named schemas become components; anything else a route uses is added
 * under a name derived from its operation id.
 */
const NAMED_SCHEMAS: ReadonlyArray<[z.ZodType, string]> = [
  [responses.apiErrorSchema, 'ApiError'],
  [responses.priceSchema, 'Price'],
  [responses.sessionInfoSchema, 'SessionInfo'],
  [responses.healthViewSchema, 'HealthView'],
  [responses.providerViewSchema, 'ProviderView'],
  [responses.providerTestResultSchema, 'ProviderTestResult'],
  [responses.modelValuesSchema, 'ModelValues'],
  [responses.modelViewSchema, 'ModelView'],
  [responses.aliasViewSchema, 'AliasView'],
  [responses.settingsSchema, 'Settings'],
  [responses.usageTotalsSchema, 'UsageTotals'],
  [responses.timeSeriesPointSchema, 'TimeSeriesPoint'],
  [responses.usageTimeSeriesSchema, 'UsageTimeSeries'],
  [responses.breakdownRowSchema, 'BreakdownRow'],
  [responses.usageRecordSchema, 'UsageRecord'],
  [responses.recentPageSchema, 'RecentPage'],
  [responses.usageFacetsSchema, 'UsageFacets'],
  [responses.dashboardViewSchema, 'DashboardView'],
  [responses.widgetSummarySchema, 'WidgetSummary'],
  [requests.loginRequestSchema, 'LoginRequest'],
  [requests.passwordChangeRequestSchema, 'PasswordChangeRequest'],
  [requests.customProviderInputSchema, 'CustomProviderInput'],
  [requests.providerEnabledInputSchema, 'ProviderEnabledInput'],
  [requests.customModelInputSchema, 'CustomModelInput'],
  [requests.modelOverrideInputSchema, 'ModelOverrideInput'],
  [requests.modelEnabledInputSchema, 'ModelEnabledInput'],
  [requests.customAliasInputSchema, 'CustomAliasInput'],
  [requests.aliasEnabledInputSchema, 'AliasEnabledInput'],
  [requests.settingsPatchSchema, 'SettingsPatch'],
];

const TAGS = [
  { name: 'auth', description: 'Login, session, password' },
  { name: 'meta', description: 'Health and this document' },
  { name: 'overview', description: 'Dashboard and the homelab widget summary' },
  { name: 'providers', description: 'Built-in, config-file and custom providers' },
  { name: 'models', description: 'Models, overrides and custom models' },
  { name: 'aliases', description: 'System and custom aliases' },
  { name: 'usage', description: 'Usage records, aggregates and CSV export' },
  { name: 'settings', description: 'Proxy settings' },
];

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input (`invalid_request`, naming the field)',
  401: 'Not logged in, or wrong password (`unauthorized`)',
  403: 'Missing X-Switchboard-Csrf header or foreign Origin (`csrf`), or wrong current password (`wrong_password`)',
  404: 'Not found (`not_found`)',
  409: 'Conflict with the current state',
  413: 'Body too large',
  415: 'The body is not JSON',
  429: 'Too many failed password attempts (`rate_limited`); see Retry-After',
  503: 'The database does not answer',
};

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });

type JsonObject = Record<string, unknown>;

function withoutDialectKeys(schema: JsonObject): JsonObject {
  const { $schema: _schema, $id: _id, ...rest } = schema;
  return rest;
}

function pascal(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Query or path parameters from a z.object's fields (each documented with its input type). */
function parametersOf(schema: z.ZodType | undefined, place: 'query' | 'path'): JsonObject[] {
  if (!(schema instanceof z.ZodObject)) return [];
  return Object.entries(schema.shape as Record<string, z.ZodType>).map(([name, field]) => {
    const json = withoutDialectKeys(z.toJSONSchema(field, { io: 'input', unrepresentable: 'any' }) as JsonObject);
    const { description, ...fieldSchema } = json;
    return {
      name,
      in: place,
      required: place === 'path' || !field.safeParse(undefined).success,
      ...(typeof description === 'string' ? { description } : {}),
      schema: fieldSchema,
    };
  });
}

export function buildOpenApiDocument(routes: readonly AdminRouteDoc[]): JsonObject {
  const registry = z.registry<{ id: string }>();
  for (const [schema, id] of NAMED_SCHEMAS) registry.add(schema, { id });
  const idOf = (schema: z.ZodType, fallback: string): string => {
    const existing = registry.get(schema)?.id;
    if (existing !== undefined) return existing;
    registry.add(schema, { id: fallback });
    return fallback;
  };

  const paths: Record<string, Record<string, JsonObject>> = {};
  for (const route of routes) {
    const path = route.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    const responsesDoc: Record<string, JsonObject> = {};
    const success = route.response;
    const contentType = success.contentType ?? 'application/json';
    responsesDoc[String(success.status)] = {
      description: success.description,
      ...(success.schema
        ? { content: { [contentType]: { schema: ref(idOf(success.schema, `${pascal(route.operationId)}Response`)) } } }
        : contentType !== 'application/json'
          ? { content: { [contentType]: { schema: { type: 'string' } } } }
          : {}),
    };
    const errorStatuses = new Set(route.errors ?? []);
    if (route.body || route.query || route.params) errorStatuses.add(400);
    if (route.auth !== 'public') errorStatuses.add(401);
    if (STATE_CHANGING.has(route.method)) errorStatuses.add(403);
    if (route.body) [413, 415].forEach((status) => errorStatuses.add(status));
    for (const status of [...errorStatuses].sort((a, b) => a - b)) {
      responsesDoc[String(status)] = { description: ERROR_DESCRIPTIONS[status] ?? 'Error', content: { 'application/json': { schema: ref('ApiError') } } };
    }
    responsesDoc.default = { description: 'Unexpected error (`internal`)', content: { 'application/json': { schema: ref('ApiError') } } };

    const parameters = [...parametersOf(route.params, 'path'), ...parametersOf(route.query, 'query')];
    if (STATE_CHANGING.has(route.method)) {
      parameters.push({ name: 'X-Switchboard-Csrf', in: 'header', required: true, description: 'CSRF guard', schema: { const: '1' } });
    }
    const security =
      route.auth === 'public' ? [] : route.auth === 'session' ? [{ session: [] }] : [{ session: [] }, { adminPassword: [] }];

    paths[path] ??= {};
    paths[path][route.method.toLowerCase()] = {
      operationId: route.operationId,
      summary: route.summary,
      tags: [route.tag],
      security,
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(route.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: ref(idOf(route.body, `${pascal(route.operationId)}Request`)) } } } }
        : {}),
      responses: responsesDoc,
    };
  }

  const generated = z.toJSONSchema(registry, { io: 'input', unrepresentable: 'any', uri: (id) => `#/components/schemas/${id}` });
  const schemas = Object.fromEntries(
    Object.entries(generated.schemas).map(([id, schema]) => [id, withoutDialectKeys(schema as JsonObject)]),
  );

  return {
    openapi: '3.1.0',
    info: {
      title: 'Switchboard admin API',
      version: '1.0.0',
      description:
        'Configuration and usage of a Switchboard proxy. Log in with POST /api/login; send `X-Switchboard-Csrf: 1` on every state-changing request. Keys and header values are never returned.',
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    tags: TAGS,
    paths,
    components: {
      schemas,
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
        adminPassword: { type: 'http', scheme: 'bearer', description: 'The admin password (GET /api/widget only)' },
      },
    },
  };
}
