import { z } from 'zod';
import { priceSchema } from '../catalog/catalog-schema.js';

/**
 * The YAML config file (CONFIG_FILE, default ./switchboard.yaml when present): extra providers and changes to the
 * built-in ones. Everything here is optional; keys are never written in it, only the names of env vars or files
 * that hold them. See switchboard.example.yaml.
 */

const capability = z.enum(['completion', 'tools', 'vision', 'thinking', 'embedding', 'insert']);
const providerId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'must be lower-case letters, digits and dashes (at most 40), starting with a letter or digit');
const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name');
const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' });

export const configModelSchema = z.strictObject({
  id: z.string().min(1),
  name: z.string().min(1).optional(),
  kind: z.enum(['chat', 'embedding']).default('chat'),
  contextLength: z.number().int().positive().default(131_072),
  maxOutputTokens: z.number().int().positive().optional(),
  /** `completion` (chat) or `embedding` is implied by kind; list the rest. */
  capabilities: z.array(capability).default([]),
  /** USD per million tokens. */
  price: priceSchema.partial({ source: true, checkedAt: true }).optional(),
  aliases: z.array(z.string().min(1)).default([]),
  description: z.string().optional(),
});

export const configProviderSchema = z.strictObject({
  id: providerId,
  type: z.enum(['openai-compatible', 'anthropic-compatible', 'ollama']),
  name: z.string().min(1).optional(),
  baseUrl: httpUrl,
  /** Env var that holds the key (`<NAME>_FILE` works too). */
  apiKeyEnv: envName.optional(),
  /** A file holding the key (Docker/Swarm secrets). */
  apiKeyFile: z.string().min(1).optional(),
  headers: z.record(z.string(), z.string()).default({}),
  /** Ask the provider for its models at start and every few minutes (default: on for ollama, off otherwise). */
  discover: z.boolean().optional(),
  models: z.array(configModelSchema).default([]),
  enabled: z.boolean().default(true),
});

export const builtinOverrideSchema = z.strictObject({
  baseUrl: httpUrl.optional(),
  headers: z.record(z.string(), z.string()).optional(),
  /** Extra models for this provider (same fields as a custom provider's models). */
  models: z.array(configModelSchema).default([]),
  /** alias → model id at this provider. */
  aliases: z.record(z.string().min(1), z.string().min(1)).default({}),
  enabled: z.boolean().optional(),
});

export const configFileSchema = z.strictObject({
  providers: z.array(configProviderSchema).default([]),
  /** Keyed by built-in provider id (openai, anthropic, google, ollama…). */
  builtins: z.record(z.string(), builtinOverrideSchema).default({}),
});

export type ConfigFile = z.infer<typeof configFileSchema>;
export type ConfigProvider = z.infer<typeof configProviderSchema>;
export type ConfigModel = z.infer<typeof configModelSchema>;
export type BuiltinOverride = z.infer<typeof builtinOverrideSchema>;
