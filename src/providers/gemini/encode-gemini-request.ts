import type { ChatRequest } from '../../core/chat-request.js';
import type { ModelSpec } from '../../core/model-info.js';
import { sanitizeResponseJsonSchema } from './convert-gemini-schema.js';
import { encodeGeminiContents } from './encode-gemini-contents.js';
import { encodeGeminiThinking, usesThinkingLevel } from './encode-gemini-thinking.js';
import { encodeGeminiToolConfig, encodeGeminiTools } from './encode-gemini-tools.js';
import type { GeminiGenerateContentRequest, GeminiGenerationConfig } from './gemini-wire.js';
import type { ThoughtSignatureMemory } from './thought-signature-memory.js';

/**
 * Canonical request → `generateContent` body (the same body streams; the URL differs). Sampling parameters the
 * catalog says the model rejects are dropped; `maxOutputTokens` only when the client set a limit.
 */
export function encodeGeminiRequest(request: ChatRequest, model: ModelSpec, memory?: ThoughtSignatureMemory): GeminiGenerateContentRequest {
  const drop = new Set(model.unsupportedParams ?? []);
  const { systemInstruction, contents } = encodeGeminiContents(request.messages, {
    model: model.id,
    memory,
    requiresSignatures: usesThinkingLevel(model.id),
  });
  const body: GeminiGenerateContentRequest = { contents };
  if (systemInstruction) body.systemInstruction = systemInstruction;

  if (request.tools?.length) {
    body.tools = encodeGeminiTools(request.tools);
    if (request.toolChoice !== undefined) body.toolConfig = encodeGeminiToolConfig(request.toolChoice, request.tools);
  }

  const config: GeminiGenerationConfig = {};
  if (request.maxTokens !== undefined) config.maxOutputTokens = request.maxTokens;
  if (request.temperature !== undefined && !drop.has('temperature')) config.temperature = request.temperature;
  if (request.topP !== undefined && !drop.has('topP')) config.topP = request.topP;
  if (request.topK !== undefined && !drop.has('topK')) config.topK = request.topK;
  if (request.stop?.length && !drop.has('stop')) config.stopSequences = request.stop;
  if (request.seed !== undefined && !drop.has('seed')) config.seed = request.seed;
  if (request.presencePenalty !== undefined && !drop.has('presencePenalty')) config.presencePenalty = request.presencePenalty;
  if (request.frequencyPenalty !== undefined && !drop.has('frequencyPenalty')) config.frequencyPenalty = request.frequencyPenalty;

  const format = request.responseFormat;
  if (format?.type === 'json') config.responseMimeType = 'application/json';
  else if (format?.type === 'json-schema') {
    config.responseMimeType = 'application/json';
    config.responseJsonSchema = sanitizeResponseJsonSchema(format.schema);
  }

  const thinking = encodeGeminiThinking(request, model);
  if (thinking) config.thinkingConfig = thinking;
  if (Object.keys(config).length > 0) body.generationConfig = config;
  return body;
}
