// Request validation of the fake Ollama server: what the real one rejects and with which message. Go decodes the
// body into typed structs first (a wrong type is a 400 with encoding/json's message), then the handler checks the
// model, then capabilities (ollama `server/routes.go` ChatHandler/GenerateHandler/EmbedHandler, `api/types.go`).
import { findFakeModel, type FakeOllamaModel } from './fake-ollama-models.js';

type Json = Record<string, unknown>;

export type FakeOllamaError = { status: number; error: string };

const bad = (error: string): FakeOllamaError => ({ status: 400, error });
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** encoding/json's wording for a value of the wrong JSON type. */
function typeOf(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'object' : typeof value;
}
function unmarshal(value: unknown, field: string, goType: string): FakeOllamaError {
  return bad(`json: cannot unmarshal ${typeOf(value)} into Go struct field ${field} of type ${goType}`);
}

/** Option keys by the Go type `Options.FromMap` converts them to; unknown keys are ignored with a warning. */
const FLOAT_OPTIONS = ['temperature', 'top_p', 'min_p', 'typical_p', 'repeat_penalty', 'presence_penalty', 'frequency_penalty'];
const INT_OPTIONS = ['top_k', 'num_predict', 'seed', 'num_ctx', 'num_keep', 'repeat_last_n', 'num_batch', 'num_gpu', 'main_gpu', 'num_thread'];

function validateOptions(options: unknown): FakeOllamaError | null {
  if (options === undefined || options === null) return null;
  if (!isObject(options)) return unmarshal(options, 'ChatRequest.options', 'map[string]interface {}');
  for (const [key, value] of Object.entries(options)) {
    if (value === null) continue;
    if (FLOAT_OPTIONS.includes(key) && typeof value !== 'number') return bad(`option "${key}" must be of type float32`);
    if (INT_OPTIONS.includes(key) && typeof value !== 'number') return bad(`option "${key}" must be of type integer`);
    if (key === 'stop') {
      if (!Array.isArray(value)) return bad(`option "${key}" must be of type array`);
      if (!value.every((item) => typeof item === 'string')) return bad(`option "${key}" must be of an array of strings`);
    }
  }
  return null;
}

function validateImages(images: unknown, field: string): FakeOllamaError | null {
  if (images === undefined || images === null) return null;
  if (!Array.isArray(images)) return unmarshal(images, field, '[]api.ImageData');
  for (const image of images) {
    if (typeof image !== 'string') return unmarshal(image, field, 'api.ImageData');
    // Go's []byte is base64: a `data:` URL fails at its colon.
    if (!BASE64.test(image) || image.length % 4 === 1) {
      const at = image.search(/[^A-Za-z0-9+/=]/);
      return bad(`illegal base64 data at input byte ${at === -1 ? image.length : at}`);
    }
  }
  return null;
}

/** The fields /api/chat and /api/generate share; `stream`, `format`, `think`, `keep_alive`, `options`. */
function validateCommon(body: Json, request: string): FakeOllamaError | null {
  if (body.model !== undefined && typeof body.model !== 'string') return unmarshal(body.model, `${request}.model`, 'string');
  if (body.stream !== undefined && body.stream !== null && typeof body.stream !== 'boolean') return unmarshal(body.stream, `${request}.stream`, 'bool');
  const think = body.think;
  if (think !== undefined && think !== null && typeof think !== 'boolean') {
    if (typeof think !== 'string' || !['high', 'medium', 'low'].includes(think)) {
      return bad(`invalid think value: ${JSON.stringify(think)} (must be "high", "medium", "low", true, or false)`);
    }
  }
  const format = body.format;
  if (format !== undefined && format !== null && format !== '' && format !== 'json' && !isObject(format)) {
    return bad('invalid format: expected "json" or a valid JSON schema');
  }
  const keepAlive = body.keep_alive;
  if (keepAlive !== undefined && keepAlive !== null && typeof keepAlive !== 'number' && typeof keepAlive !== 'string') {
    return bad('unsupported type for keep_alive');
  }
  return validateOptions(body.options);
}

function validateMessages(messages: unknown): FakeOllamaError | null {
  if (messages === undefined || messages === null) return null;
  if (!Array.isArray(messages)) return unmarshal(messages, 'ChatRequest.messages', '[]api.Message');
  for (const message of messages) {
    if (!isObject(message)) return unmarshal(message, 'ChatRequest.messages', 'api.Message');
    if (typeof message.role !== 'string') return unmarshal(message.role, 'ChatRequest.messages.role', 'string');
    if (message.content !== undefined && typeof message.content !== 'string') return unmarshal(message.content, 'ChatRequest.messages.content', 'string');
    const images = validateImages(message.images, 'ChatRequest.messages.images');
    if (images) return images;
    if (message.tool_calls !== undefined && message.tool_calls !== null) {
      if (!Array.isArray(message.tool_calls)) return unmarshal(message.tool_calls, 'ChatRequest.messages.tool_calls', '[]api.ToolCall');
      for (const call of message.tool_calls) {
        const fn = isObject(call) ? call.function : undefined;
        if (!isObject(fn)) return unmarshal(fn, 'ChatRequest.messages.tool_calls.function', 'api.ToolCallFunction');
        // Ollama's arguments are a map: the OpenAI-style JSON string is rejected.
        if (fn.arguments !== undefined && fn.arguments !== null && !isObject(fn.arguments)) {
          return unmarshal(fn.arguments, 'ChatRequest.messages.tool_calls.function.arguments', 'api.ToolCallFunctionArguments');
        }
      }
    }
  }
  return null;
}

function validateTools(tools: unknown): FakeOllamaError | null {
  if (tools === undefined || tools === null) return null;
  if (!Array.isArray(tools)) return unmarshal(tools, 'ChatRequest.tools', 'api.Tools');
  for (const tool of tools) {
    if (!isObject(tool) || !isObject(tool.function)) return unmarshal(tool, 'ChatRequest.tools', 'api.Tool');
    if (tool.function.parameters !== undefined && !isObject(tool.function.parameters)) {
      return unmarshal(tool.function.parameters, 'ChatRequest.tools.function.parameters', 'api.ToolFunctionParameters');
    }
  }
  return null;
}

/** The model named in a body: 400 when missing, 404 when not pulled (Ollama's exact messages). */
export function resolveModel(models: readonly FakeOllamaModel[], body: Json, key: 'model' | 'name' = 'model'): FakeOllamaModel | FakeOllamaError {
  const name = typeof body[key] === 'string' ? (body[key] as string) : '';
  if (name.trim() === '') return bad('model is required');
  return findFakeModel(models, name) ?? { status: 404, error: `model '${name}' not found` };
}

const missing = (model: FakeOllamaModel, capability: string): boolean => !model.capabilities.includes(capability);
const registryName = (model: FakeOllamaModel): string => `registry.ollama.ai/library/${model.name}`;

export function isFakeOllamaError(value: unknown): value is FakeOllamaError {
  return isObject(value) && typeof value.status === 'number' && typeof value.error === 'string';
}

/** `/api/chat`: types, then model, then what the model can do. Returns the model on success. */
export function validateChat(body: Json, models: readonly FakeOllamaModel[]): FakeOllamaModel | FakeOllamaError {
  const typed = validateCommon(body, 'ChatRequest') ?? validateMessages(body.messages) ?? validateTools(body.tools);
  if (typed) return typed;
  const topLogprobs = body.top_logprobs;
  if (typeof topLogprobs === 'number' && (topLogprobs < 0 || topLogprobs > 20)) return bad('top_logprobs must be between 0 and 20');
  const model = resolveModel(models, body);
  if (isFakeOllamaError(model)) return model;
  const requested = body.model as string;
  if (missing(model, 'completion')) return bad(`"${requested}" does not support chat`);
  if (Array.isArray(body.tools) && body.tools.length > 0 && missing(model, 'tools')) return bad(`${registryName(model)} does not support tools`);
  if ((body.think === true || typeof body.think === 'string') && missing(model, 'thinking')) return bad(`"${requested}" does not support thinking`);
  return model;
}

/** `/api/generate`: as chat, plus raw-mode and fill-in-the-middle rules. */
export function validateGenerate(body: Json, models: readonly FakeOllamaModel[]): FakeOllamaModel | FakeOllamaError {
  const typed = validateCommon(body, 'GenerateRequest') ?? validateImages(body.images, 'GenerateRequest.images');
  if (typed) return typed;
  for (const key of ['prompt', 'suffix', 'system', 'template']) {
    if (body[key] !== undefined && body[key] !== null && typeof body[key] !== 'string') return unmarshal(body[key], `GenerateRequest.${key}`, 'string');
  }
  if (body.context !== undefined && body.context !== null && !Array.isArray(body.context)) return unmarshal(body.context, 'GenerateRequest.context', '[]int');
  const model = resolveModel(models, body);
  if (isFakeOllamaError(model)) return model;
  const requested = body.model as string;
  if (body.raw === true && (body.template || body.system || (Array.isArray(body.context) && body.context.length > 0))) {
    return bad('raw mode does not support template, system, or context');
  }
  if (missing(model, 'completion')) return bad(`"${requested}" does not support generate`);
  if (typeof body.suffix === 'string' && body.suffix !== '' && missing(model, 'insert')) return bad(`${registryName(model)} does not support insert`);
  if ((body.think === true || typeof body.think === 'string') && missing(model, 'thinking')) return bad(`"${requested}" does not support thinking`);
  return model;
}

/** `/api/embed`: `input` is a string or a list of strings; the model must be an embedding model. */
export function validateEmbed(body: Json, models: readonly FakeOllamaModel[]): { model: FakeOllamaModel; inputs: string[] } | FakeOllamaError {
  const model = resolveModel(models, body);
  if (isFakeOllamaError(model)) return model;
  const input = body.input;
  let inputs: string[];
  if (input === undefined || input === null || input === '') inputs = [];
  else if (typeof input === 'string') inputs = [input];
  else if (Array.isArray(input) && input.every((item) => typeof item === 'string')) inputs = input;
  else return bad('invalid input type');
  if (missing(model, 'embedding')) return bad(`"${body.model as string}" does not support embeddings`);
  const dimensions = body.dimensions;
  if (dimensions !== undefined && dimensions !== null) {
    const max = model.embeddingLength ?? 0;
    if (!Number.isInteger(dimensions) || (dimensions as number) < 1 || (dimensions as number) > max) {
      return bad(`invalid dimensions: must be between 1 and ${max}`);
    }
  }
  return { model, inputs };
}
