import { z } from 'zod';

/** Schemas for data/catalog/*.json. The catalog is data: this file only says what a valid entry looks like. */

const capability = z.enum(['completion', 'tools', 'vision', 'thinking', 'embedding', 'insert']);
const effort = z.enum(['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max']);
const droppableParam = z.enum([
  'temperature',
  'topP',
  'topK',
  'presencePenalty',
  'frequencyPenalty',
  'stop',
  'seed',
  'logprobs',
  'logitBias',
  'n',
]);

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');
const perMillionUsd = z.number().min(0);

export const priceSchema = z.strictObject({
  input: perMillionUsd,
  output: perMillionUsd,
  cachedInput: perMillionUsd.optional(),
  cacheWrite: perMillionUsd.optional(),
  source: z.string().min(1),
  checkedAt: isoDate,
});

export const catalogModelSchema = z.strictObject({
  id: z.string().min(1),
  displayName: z.string().min(1),
  family: z.string().min(1),
  aliases: z.array(z.string().min(1)).default([]),
  kind: z.enum(['chat', 'embedding']).default('chat'),
  contextLength: z.number().int().positive(),
  maxOutputTokens: z.number().int().positive().optional(),
  embeddingLength: z.number().int().positive().optional(),
  /** `completion` is implied for chat models and `embedding` for embedding models; list the rest. */
  capabilities: z.array(capability).default([]),
  price: priceSchema,
  unsupportedParams: z.array(droppableParam).optional(),
  systemRole: z.enum(['system', 'developer', 'user']).optional(),
  reasoningEfforts: z.array(effort).optional(),
  legacyCompletions: z.boolean().optional(),
  /** Free text for people reading the file (why a flag is set, a deprecation date). */
  notes: z.string().optional(),
});

export const providerModelsFileSchema = z.strictObject({
  provider: z.string().min(1),
  models: z.array(catalogModelSchema),
});

export const providerDefinitionSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  displayName: z.string().min(1),
  /** Which codec talks to it. */
  dialect: z.enum(['openai-compatible', 'anthropic', 'gemini', 'ollama']),
  /** Environment variable holding the API key (also read from `<NAME>_FILE`). */
  apiKeyEnv: z.string().optional(),
  baseUrlEnv: z.string(),
  defaultBaseUrl: z.string(),
  docs: z.string().optional(),
});

export const providersFileSchema = z.strictObject({
  /** Order is the resolution priority when a bare model name exists at several providers. */
  providers: z.array(providerDefinitionSchema),
});

export type CatalogModel = z.infer<typeof catalogModelSchema>;
export type ProviderModelsFile = z.infer<typeof providerModelsFileSchema>;
export type ProviderDefinition = z.infer<typeof providerDefinitionSchema>;
