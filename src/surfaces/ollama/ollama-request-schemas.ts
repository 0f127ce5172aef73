import { z } from 'zod';
import { invalidRequest } from '../../core/proxy-error.js';

/**
 * Request bodies of the Ollama API (shared/reference/ollama-api.md §5-§9). Loose objects, so fields we do not
 * read are tolerated; `null` counts as absent, as with Go's pointer fields. `model` is optional here so that a
 * missing one gives Ollama's own `model is required` message rather than a zod one.
 */

const jsonObject = z.record(z.string(), z.unknown());

export const ollamaOptionsSchema = z.looseObject({
  temperature: z.number().nullish(),
  top_p: z.number().nullish(),
  top_k: z.number().int().nullish(),
  num_predict: z.number().int().nullish(),
  stop: z.union([z.array(z.string()), z.string()]).nullish(),
  seed: z.number().int().nullish(),
  presence_penalty: z.number().nullish(),
  frequency_penalty: z.number().nullish(),
});
export type OllamaOptions = z.infer<typeof ollamaOptionsSchema>;

const toolCallSchema = z.looseObject({
  id: z.string().nullish(),
  function: z.looseObject({
    index: z.number().nullish(),
    name: z.string(),
    arguments: z.union([jsonObject, z.string()]).nullish(),
  }),
});

export const ollamaMessageSchema = z.looseObject({
  role: z
    .string()
    .transform((role) => role.toLowerCase())
    .pipe(z.enum(['system', 'user', 'assistant', 'tool'])),
  content: z.string().nullish(),
  thinking: z.string().nullish(),
  images: z.array(z.string()).nullish(),
  tool_calls: z.array(toolCallSchema).nullish(),
  tool_name: z.string().nullish(),
  tool_call_id: z.string().nullish(),
});
export type OllamaMessage = z.infer<typeof ollamaMessageSchema>;

export const ollamaToolSchema = z.looseObject({
  type: z.string().nullish(),
  function: z.looseObject({
    name: z.string(),
    description: z.string().nullish(),
    parameters: jsonObject.nullish(),
  }),
});
export type OllamaTool = z.infer<typeof ollamaToolSchema>;

/** Fields shared by /api/chat and /api/generate. `think` and `format` are checked by their own decoders. */
const completionFields = {
  model: z.string().nullish(),
  stream: z.boolean().nullish(),
  format: z.union([z.string(), jsonObject]).nullish(),
  options: ollamaOptionsSchema.nullish(),
  think: z.unknown().optional(),
  keep_alive: z.union([z.number(), z.string()]).nullish(),
};

export const ollamaChatRequestSchema = z.looseObject({
  ...completionFields,
  messages: z.array(ollamaMessageSchema).nullish(),
  tools: z.array(ollamaToolSchema).nullish(),
});
export type OllamaChatRequest = z.infer<typeof ollamaChatRequestSchema>;

export const ollamaGenerateRequestSchema = z.looseObject({
  ...completionFields,
  prompt: z.string().nullish(),
  suffix: z.string().nullish(),
  system: z.string().nullish(),
  template: z.string().nullish(),
  context: z.array(z.number()).nullish(),
  images: z.array(z.string()).nullish(),
  raw: z.boolean().nullish(),
});
export type OllamaGenerateRequest = z.infer<typeof ollamaGenerateRequestSchema>;

export const ollamaEmbedRequestSchema = z.looseObject({
  model: z.string().nullish(),
  input: z.unknown().optional(),
  dimensions: z.number().int().positive().nullish(),
  truncate: z.boolean().nullish(),
});

export const ollamaEmbeddingsRequestSchema = z.looseObject({
  model: z.string().nullish(),
  prompt: z.string().nullish(),
});

/** /api/show and /api/pull: `model`, or the deprecated `name` (Continue still sends it). */
export const ollamaModelNameRequestSchema = z.looseObject({
  model: z.string().nullish(),
  name: z.string().nullish(),
  stream: z.boolean().nullish(),
});

/** Ollama answers a missing or empty model with exactly this 400. */
export function requireOllamaModel(model: string | null | undefined): string {
  if (model === undefined || model === null || model.trim() === '') throw invalidRequest('model is required', 'model');
  return model;
}
