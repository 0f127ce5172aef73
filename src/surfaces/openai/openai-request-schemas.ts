import { z } from 'zod';

/**
 * Request bodies of the OpenAI API (shared/reference/openai-api.md §2, §5, §6). Loose objects, so fields we do not
 * read are tolerated; `null` counts as absent (several clients send explicit nulls). `model` and other required
 * fields are optional here so that the decoders can answer with OpenAI-style messages naming the field.
 */

const jsonObject = z.record(z.string(), z.unknown());

/** A content part; its fields are checked per `type` by decode-openai-content.ts, so errors can name the part. */
export const openaiContentPartSchema = z.looseObject({
  type: z.string(),
  text: z.string().nullish(),
  image_url: z.union([z.string(), z.looseObject({ url: z.string(), detail: z.string().nullish() })]).nullish(),
});
export type OpenAIContentPart = z.infer<typeof openaiContentPartSchema>;

const toolCallSchema = z.looseObject({
  id: z.string().nullish(),
  type: z.string().nullish(),
  function: z.looseObject({
    name: z.string(),
    arguments: z.union([z.string(), jsonObject]).nullish(),
  }),
});

export const openaiMessageSchema = z.looseObject({
  role: z.enum(['system', 'developer', 'user', 'assistant', 'tool', 'function']),
  content: z.union([z.string(), z.array(openaiContentPartSchema)]).nullish(),
  name: z.string().nullish(),
  tool_calls: z.array(toolCallSchema).nullish(),
  tool_call_id: z.string().nullish(),
  reasoning_content: z.string().nullish(),
  reasoning: z.string().nullish(),
});
export type OpenAIMessage = z.infer<typeof openaiMessageSchema>;

export const openaiToolSchema = z.looseObject({
  type: z.string().nullish(),
  function: z
    .looseObject({
      name: z.string(),
      description: z.string().nullish(),
      parameters: jsonObject.nullish(),
      strict: z.boolean().nullish(),
    })
    .nullish(),
});
export type OpenAITool = z.infer<typeof openaiToolSchema>;

export const openaiToolChoiceSchema = z.union([
  z.string(),
  z.looseObject({ type: z.string(), function: z.looseObject({ name: z.string() }).nullish() }),
]);
export type OpenAIToolChoice = z.infer<typeof openaiToolChoiceSchema>;

export const openaiResponseFormatSchema = z.looseObject({
  type: z.string(),
  json_schema: z
    .looseObject({
      name: z.string().nullish(),
      description: z.string().nullish(),
      schema: jsonObject.nullish(),
      strict: z.boolean().nullish(),
    })
    .nullish(),
});
export type OpenAIResponseFormat = z.infer<typeof openaiResponseFormatSchema>;

/** Fields shared by /v1/chat/completions and /v1/completions. */
const generationFields = {
  model: z.string().nullish(),
  stream: z.boolean().nullish(),
  stream_options: z.looseObject({ include_usage: z.boolean().nullish() }).nullish(),
  max_tokens: z.number().int().nullish(),
  temperature: z.number().nullish(),
  top_p: z.number().nullish(),
  stop: z.union([z.string(), z.array(z.string())]).nullish(),
  seed: z.number().int().nullish(),
  presence_penalty: z.number().nullish(),
  frequency_penalty: z.number().nullish(),
  n: z.number().int().nullish(),
  user: z.string().nullish(),
};

export const openaiGenerationSchema = z.looseObject(generationFields);
export type OpenAIGenerationFields = z.infer<typeof openaiGenerationSchema>;

export const openaiChatRequestSchema = z.looseObject({
  ...generationFields,
  messages: z.array(openaiMessageSchema).nullish(),
  tools: z.array(openaiToolSchema).nullish(),
  tool_choice: openaiToolChoiceSchema.nullish(),
  parallel_tool_calls: z.boolean().nullish(),
  response_format: openaiResponseFormatSchema.nullish(),
  max_completion_tokens: z.number().int().nullish(),
  top_k: z.number().int().nullish(),
  reasoning_effort: z.string().nullish(),
  reasoning: z.looseObject({ effort: z.string().nullish(), enabled: z.boolean().nullish() }).nullish(),
});
export type OpenAIChatRequest = z.infer<typeof openaiChatRequestSchema>;

export const openaiCompletionRequestSchema = z.looseObject({
  ...generationFields,
  prompt: z.unknown().optional(),
  suffix: z.string().nullish(),
  echo: z.boolean().nullish(),
  logprobs: z.number().int().nullish(),
  best_of: z.number().int().nullish(),
});
export type OpenAICompletionRequest = z.infer<typeof openaiCompletionRequestSchema>;

export const openaiEmbeddingRequestSchema = z.looseObject({
  model: z.string().nullish(),
  input: z.unknown().optional(),
  encoding_format: z.string().nullish(),
  dimensions: z.number().int().positive().nullish(),
  user: z.string().nullish(),
});
