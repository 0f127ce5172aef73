import { isIP } from 'node:net';
import { z } from 'zod';
import type {
  AliasEnabledInput, CustomAliasInput, CustomModelInput, CustomProviderInput, LoginRequest, ModelEnabledInput,
  ModelOverrideInput, PasswordChangeRequest, SettingsPatch,
} from './admin-api-types.js';
import type { Assert, Covers } from './schema-checks.js';

/**
 * Request bodies of the admin API. Objects are strict: an unknown field is a 400 naming it, so a typo in the UI or a
 * script is caught instead of silently ignored.
 */

export const CUSTOM_PROVIDER_ID = /^[a-z0-9][a-z0-9-]{0,39}$/;
/** Tags as the proxy accepts them (letters, digits and `._:/-`, at most 64 characters). */
export const TAG_PATTERN = /^[A-Za-z0-9._:/-]{1,64}$/;

/** Headers the proxy sets itself on upstream requests, or that would break HTTP framing. */
const FORBIDDEN_HEADERS = new Set([
  'host', 'content-length', 'content-type', 'connection', 'transfer-encoding', 'keep-alive', 'upgrade', 'te', 'trailer',
  'proxy-connection', 'accept-encoding',
]);

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.username === '' && url.password === '';
  } catch {
    return false;
  }
}

function isIpOrCidr(value: string): boolean {
  const slash = value.indexOf('/');
  if (slash === -1) return isIP(value) !== 0;
  const version = isIP(value.slice(0, slash));
  const bitsText = value.slice(slash + 1);
  if (version === 0 || !/^\d{1,3}$/.test(bitsText)) return false;
  return Number(bitsText) <= (version === 4 ? 32 : 128);
}

const nonEmptyText = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);
const price = z.strictObject({
  input: z.number().min(0).max(1_000_000),
  output: z.number().min(0).max(1_000_000),
  cachedInput: z.number().min(0).max(1_000_000).optional(),
  cacheWrite: z.number().min(0).max(1_000_000).optional(),
});
const capability = z.enum(['completion', 'tools', 'vision', 'thinking', 'embedding', 'insert']);
const providerRef = z.string().min(1).max(100);
/** Model ids: printable ASCII without spaces; no `@`, which starts the tag suffix in a model name. */
const modelId = z.string().min(1).max(200).regex(/^[\x21-\x3f\x41-\x7e]+$/, 'printable characters without spaces or @');
const aliasName = z.string().min(1).max(128).regex(/^[A-Za-z0-9][A-Za-z0-9._:/-]*$/, 'letters, digits and ._:/- (starting with a letter or digit)');

export const providerIdSchema = z
  .string()
  .regex(CUSTOM_PROVIDER_ID, 'lowercase letters, digits and dashes, 1 to 40 characters, not starting with a dash');

const headerName = z.string().max(100).regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'an HTTP header name');
const headerValue = z.string().max(8192).regex(/^[^\r\n\0]*$/, 'no line breaks');
const headers = z
  .record(headerName, headerValue)
  .superRefine((record, context) => {
    const seen = new Set<string>();
    const names = Object.keys(record);
    if (names.length > 32) context.addIssue({ code: 'custom', message: 'at most 32 headers' });
    for (const name of names) {
      const lower = name.toLowerCase();
      if (FORBIDDEN_HEADERS.has(lower)) context.addIssue({ code: 'custom', path: [name], message: `the proxy sets ${name} itself` });
      if (seen.has(lower)) context.addIssue({ code: 'custom', path: [name], message: 'duplicate header name' });
      seen.add(lower);
    }
  });

export const loginRequestSchema = z.strictObject({ password: z.string().min(1).max(1024) });

export const passwordChangeRequestSchema = z.strictObject({
  currentPassword: z.string().min(1).max(1024),
  newPassword: z.string().min(8, 'at least 8 characters').max(1024),
});

export const customProviderInputSchema = z.strictObject({
  id: providerIdSchema,
  type: z.enum(['openai-compatible', 'anthropic-compatible', 'ollama']),
  displayName: nonEmptyText(100).optional(),
  baseUrl: z.string().max(2048).refine(isHttpUrl, 'an http:// or https:// URL without credentials'),
  apiKeyEnv: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]{0,127}$/, 'an environment variable name')
    .nullable()
    .optional(),
  headers: headers.optional(),
  enabled: z.boolean().optional(),
});

export const providerEnabledInputSchema = z.strictObject({ enabled: z.boolean() });

export const customModelInputSchema = z.strictObject({
  provider: providerRef,
  id: modelId,
  displayName: nonEmptyText(200).optional(),
  kind: z.enum(['chat', 'embedding']).optional(),
  contextLength: z.int().min(1).max(100_000_000),
  maxOutputTokens: z.int().min(1).max(100_000_000).nullable().optional(),
  capabilities: z.array(capability).max(16).optional(),
  price: price.nullable().optional(),
  description: z.string().max(2000).nullable().optional(),
});

export const modelOverrideInputSchema = z.strictObject({
  provider: providerRef,
  modelId,
  price: price.optional(),
  contextLength: z.int().min(1).max(100_000_000).optional(),
  capabilities: z.array(capability).max(16).optional(),
  description: z.string().max(2000).optional(),
});

export const modelEnabledInputSchema = z.strictObject({ provider: providerRef, modelId, enabled: z.boolean() });

export const customAliasInputSchema = z.strictObject({ alias: aliasName, provider: providerRef, modelId, enabled: z.boolean().optional() });

export const aliasEnabledInputSchema = z.strictObject({ alias: aliasName, provider: providerRef, enabled: z.boolean() });

export const settingsPatchSchema = z.strictObject({
  defaultModel: z.string().min(1).max(300).nullable().optional(),
  defaultTag: z.string().regex(TAG_PATTERN, 'letters, digits and ._:/-, at most 64 characters').optional(),
  trackingEnabled: z.boolean().optional(),
  dnsResolution: z.boolean().optional(),
  trustedProxies: z.array(z.string().refine(isIpOrCidr, 'an IP address or CIDR range')).max(100).optional(),
  retentionDays: z.int().min(0).max(36_500).optional(),
  priceRefresh: z.boolean().optional(),
});

/** `?provider=&model=` of DELETE /api/models/custom and /api/models/override. */
export const modelKeyQuerySchema = z.object({ provider: providerRef, model: modelId });
export const aliasKeyQuerySchema = z.object({ alias: aliasName });
export const providerIdParamsSchema = z.object({ id: z.string().min(1).max(100) });

type _Checks = [
  Assert<Covers<z.infer<typeof loginRequestSchema>, LoginRequest>>,
  Assert<Covers<z.infer<typeof passwordChangeRequestSchema>, PasswordChangeRequest>>,
  Assert<Covers<z.infer<typeof customProviderInputSchema>, CustomProviderInput>>,
  Assert<Covers<z.infer<typeof customModelInputSchema>, CustomModelInput>>,
  Assert<Covers<z.infer<typeof modelOverrideInputSchema>, ModelOverrideInput>>,
  Assert<Covers<z.infer<typeof modelEnabledInputSchema>, ModelEnabledInput>>,
  Assert<Covers<z.infer<typeof customAliasInputSchema>, CustomAliasInput>>,
  Assert<Covers<z.infer<typeof aliasEnabledInputSchema>, AliasEnabledInput>>,
  Assert<Covers<z.infer<typeof settingsPatchSchema>, SettingsPatch>>,
];
