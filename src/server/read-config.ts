import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { ProviderDefinition } from '../catalog/catalog-schema.js';
import type { UpstreamTimeouts } from '../providers/http/upstream-http.js';

export type ProviderSettings = { apiKey: string | undefined; baseUrl: string; apiVersion?: string };

export type Config = {
  host: string;
  port: number;
  logLevel: string;
  bodyLimitBytes: number;
  timeouts: UpstreamTimeouts;
  /** Extra CORS origins beyond Ollama's defaults (localhost, app://, vscode-webview://…); `*` allows all. */
  corsOrigins: string[];
  providers: Map<string, ProviderSettings>;
  /** SQLite lives here (switchboard.db) unless databaseUrl is set. */
  dataDir: string;
  /** postgres://… switches storage to PostgreSQL (shared by several instances). */
  databaseUrl: string | undefined;
  admin: { enabled: boolean; host: string; port: number; passwordFromEnv: string | undefined };
  /** How often an instance checks the database for configuration changes made elsewhere. */
  configPollMs: number;
};

const int = (name: string, fallback: number) =>
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value.trim() === '') return fallback;
      const parsed = Number(value);
      if (!Number.isInteger(parsed) || parsed < 0) {
        ctx.addIssue({ code: 'custom', message: `${name} must be a non-negative integer, got '${value}'` });
        return z.NEVER;
      }
      return parsed;
    });

const envSchema = z.object({
  HOST: z.string().default('127.0.0.1'),
  PORT: int('PORT', 11434),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  BODY_LIMIT_BYTES: int('BODY_LIMIT_BYTES', 50 * 1024 * 1024),
  UPSTREAM_CONNECT_TIMEOUT_MS: int('UPSTREAM_CONNECT_TIMEOUT_MS', 10_000),
  UPSTREAM_FIRST_BYTE_TIMEOUT_MS: int('UPSTREAM_FIRST_BYTE_TIMEOUT_MS', 600_000),
  UPSTREAM_IDLE_TIMEOUT_MS: int('UPSTREAM_IDLE_TIMEOUT_MS', 300_000),
  CORS_ORIGINS: z.string().default(''),
  DATA_DIR: z.string().default('./data'),
  ADMIN_ENABLED: z.enum(['true', 'false', '1', '0', 'yes', 'no', '']).default('true'),
  ADMIN_HOST: z.string().optional(),
  ADMIN_PORT: int('ADMIN_PORT', 8080),
  CONFIG_POLL_MS: int('CONFIG_POLL_MS', 2_000),
});

/** `NAME`, else the contents of the file named by `NAME_FILE` (Docker secrets), trimmed. */
export function readSecret(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const direct = env[name]?.trim();
  if (direct) return direct;
  const file = env[`${name}_FILE`]?.trim();
  if (!file) return undefined;
  try {
    const value = readFileSync(file, 'utf8').trim();
    return value === '' ? undefined : value;
  } catch (error) {
    throw new Error(`${name}_FILE=${file}: ${(error as NodeJS.ErrnoException).code ?? 'cannot read file'}`);
  }
}

export function readConfig(env: NodeJS.ProcessEnv, providers: ProviderDefinition[]): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`invalid configuration: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
  }
  const values = parsed.data;
  const providerSettings = new Map<string, ProviderSettings>();
  for (const provider of providers) {
    providerSettings.set(provider.id, {
      apiKey: provider.apiKeyEnv ? readSecret(env, provider.apiKeyEnv) : undefined,
      baseUrl: env[provider.baseUrlEnv]?.trim() || provider.defaultBaseUrl,
      // ANTHROPIC_VERSION, for an account or gateway that needs a newer API version than the provider's default.
      ...(provider.dialect === 'anthropic' && env.ANTHROPIC_VERSION?.trim() ? { apiVersion: env.ANTHROPIC_VERSION.trim() } : {}),
    });
  }
  return {
    host: values.HOST,
    port: values.PORT,
    logLevel: values.LOG_LEVEL,
    bodyLimitBytes: values.BODY_LIMIT_BYTES,
    timeouts: {
      connectMs: values.UPSTREAM_CONNECT_TIMEOUT_MS,
      firstByteMs: values.UPSTREAM_FIRST_BYTE_TIMEOUT_MS,
      idleMs: values.UPSTREAM_IDLE_TIMEOUT_MS,
    },
    corsOrigins: values.CORS_ORIGINS.split(',').map((origin) => origin.trim()).filter((origin) => origin !== ''),
    providers: providerSettings,
    dataDir: values.DATA_DIR.trim() || './data',
    databaseUrl: readSecret(env, 'DATABASE_URL'),
    admin: {
      enabled: !['false', '0', 'no'].includes(values.ADMIN_ENABLED),
      host: values.ADMIN_HOST?.trim() || values.HOST,
      port: values.ADMIN_PORT,
      passwordFromEnv: readSecret(env, 'ADMIN_PASSWORD'),
    },
    configPollMs: Math.max(250, values.CONFIG_POLL_MS),
  };
}
