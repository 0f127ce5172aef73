// Request validation of the fake Gemini upstream: the proto parse (fake-gemini-proto.ts), then the semantic checks the
// real API makes, with its messages where they are known (issue threads cited in shared/reference/gemini-api.md §2.2;
// "* GenerateContentRequest.<path>: …" lines are how the API lists field violations).
import {
  BATCH_EMBED_CONTENTS_REQUEST, EMBED_CONTENT_REQUEST, GENERATE_CONTENT_REQUEST, PART_DATA_FIELDS, protoParseErrors,
} from './fake-gemini-proto.js';

export type FakeGeminiError = { status: number; message: string; rpcStatus?: string; details?: unknown[] };

/** The value Google documents for function calls it did not sign (see the thought-signatures guide). */
export const DUMMY_SIGNATURES = new Set(['skip_thought_signature_validator', 'context_engineering_is_the_way_to_go']);

export const MISSING_SIGNATURE_MESSAGE = (name: string, position: number) =>
  `Function call is missing a thought_signature in functionCall parts. This is required for tools to work correctly, and missing thought_signature may lead to degraded model performance. Additional data, function call \`default_api:${name}\` , position ${position}. Please refer to https://ai.google.dev/gemini-api/docs/thought-signatures for more details.`;

/** Gemini 3 and later validate thought signatures and take `thinkingLevel`. */
export const isGemini3 = (model: string) => /^gemini-([3-9]|\d{2,})/.test(model);

// `any` on purpose in this file: the fake reads request JSON whose shape it is validating.
/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

const invalid = (message: string): FakeGeminiError => ({ status: 400, message, rpcStatus: 'INVALID_ARGUMENT' });
const field = (request: string, violations: string[]): FakeGeminiError | null =>
  violations.length === 0 ? null : invalid(violations.map((v) => `* ${request}.${v}`).join('\n'));

const FUNCTION_NAME = /^[A-Za-z_][A-Za-z0-9_.:-]{0,127}$/;
const FORMATS: Record<string, readonly string[]> = { STRING: ['enum', 'date-time'], INTEGER: ['int32', 'int64'], NUMBER: ['float', 'double'] };

const get = (object: Json, camelName: string): Json => {
  if (object === null || typeof object !== 'object') return undefined;
  const snakeName = camelName.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  return object[camelName] ?? object[snakeName];
};

function protoError(body: unknown, spec: Parameters<typeof protoParseErrors>[1]): FakeGeminiError | null {
  const errors = protoParseErrors(body, spec);
  if (errors.length === 0) return null;
  return {
    ...invalid(errors.join('\n')),
    details: [{ '@type': 'type.googleapis.com/google.rpc.BadRequest', fieldViolations: errors.map((description) => ({ description })) }],
  };
}

function partHasData(part: Json): boolean {
  return PART_DATA_FIELDS.some((name) => {
    const value = get(part, name);
    return value !== undefined && value !== null && value !== '';
  });
}

function contentViolations(content: Json, path: string, out: string[]): void {
  const parts: Json[] = get(content, 'parts') ?? [];
  if (parts.length === 0) out.push(`${path}.parts: contents.parts must not be empty.`);
  parts.forEach((part, j) => {
    const partPath = `${path}.parts[${j}]`;
    if (!partHasData(part)) out.push(`${partPath}.data: required oneof field 'data' must have one initialized field`);
    const blob = get(part, 'inlineData');
    if (blob && !get(blob, 'mimeType')) out.push(`${partPath}.inline_data.mime_type: mime_type must be specified`);
    const file = get(part, 'fileData');
    if (file && !get(file, 'fileUri')) out.push(`${partPath}.file_data.file_uri: file_uri must be specified`);
    const call = get(part, 'functionCall');
    if (call && !get(call, 'name')) out.push(`${partPath}.function_call.name: Name cannot be empty.`);
    const response = get(part, 'functionResponse');
    if (response && !get(response, 'name')) out.push(`${partPath}.function_response.name: Name cannot be empty.`);
  });
}

/** Gemini's semantic checks on a `Schema` (the proto already parsed). */
function schemaViolations(schema: Json, path: string, out: string[]): void {
  if (!schema || typeof schema !== 'object') return;
  const type = typeof schema.type === 'string' ? schema.type.toUpperCase() : undefined;
  if (schema.format !== undefined && type && FORMATS[type] && !FORMATS[type].includes(schema.format)) {
    out.push(`${path}.format: only ${FORMATS[type].map((format) => `'${format}'`).join(' and ')} are supported for ${type} type`);
  }
  if (schema.enum !== undefined && type !== undefined && type !== 'STRING') out.push(`${path}.enum: only allowed for STRING type`);
  const properties = schema.properties ?? {};
  const propertyCount = Object.keys(properties).length;
  if (type === 'OBJECT' && propertyCount === 0) out.push(`${path}.properties: should be non-empty for OBJECT type`);
  if (type !== 'OBJECT' && propertyCount > 0) out.push(`${path}.properties: only allowed for OBJECT type`);
  (schema.required ?? []).forEach((name: string, i: number) => {
    if (!(name in properties)) out.push(`${path}.required[${i}]: property is not defined`);
  });
  for (const [name, child] of Object.entries(properties)) schemaViolations(child, `${path}.properties[${name}]`, out);
  if (schema.items) schemaViolations(schema.items, `${path}.items`, out);
  (schema.anyOf ?? []).forEach((child: Json, i: number) => schemaViolations(child, `${path}.any_of[${i}]`, out));
}

export type GenerateValidationContext = {
  model: string;
  /** Signatures this fake issued; a Gemini 3 call must come back with one of them (or the documented dummy). */
  issuedSignatures: ReadonlySet<string>;
};

/** A `generateContent` body → null when the real API would accept it, else its 400. */
export function validateGenerateContent(body: Json, ctx: GenerateValidationContext): FakeGeminiError | null {
  const parsed = protoError(body, GENERATE_CONTENT_REQUEST);
  if (parsed) return parsed;

  const contents: Json[] = get(body, 'contents') ?? [];
  const violations: string[] = [];
  if (contents.length === 0) violations.push('contents: contents is not specified');
  for (const content of contents) {
    const role = get(content, 'role');
    if (role !== undefined && role !== '' && role !== 'user' && role !== 'model') return invalid('Please use a valid role: user, model.');
  }
  contents.forEach((content, i) => contentViolations(content, `contents[${i}]`, violations));
  const system = get(body, 'systemInstruction');
  if (system) contentViolations(system, 'system_instruction', violations);

  const tools: Json[] = get(body, 'tools') ?? [];
  const declared = new Set<string>();
  tools.forEach((tool, t) => {
    (get(tool, 'functionDeclarations') ?? []).forEach((declaration: Json, d: number) => {
      const path = `tools[${t}].function_declarations[${d}]`;
      const name = get(declaration, 'name');
      if (typeof name !== 'string' || !FUNCTION_NAME.test(name)) {
        violations.push(`${path}.name: Invalid function name. Must start with a letter or an underscore. Must be alphameric (a-z, A-Z, 0-9), underscores (_), dots (.), colons (:) or dashes (-), with a maximum length of 128.`);
      } else {
        declared.add(name);
      }
      if (get(declaration, 'parameters') !== undefined && get(declaration, 'parametersJsonSchema') !== undefined) {
        violations.push(`${path}: parameters and parameters_json_schema are mutually exclusive`);
      }
      schemaViolations(get(declaration, 'parameters'), `${path}.parameters`, violations);
    });
  });
  const calling = get(get(body, 'toolConfig'), 'functionCallingConfig');
  const allowed: string[] = get(calling, 'allowedFunctionNames') ?? [];
  if (allowed.length > 0 && String(get(calling, 'mode') ?? '').toUpperCase() !== 'ANY') {
    violations.push('tool_config.function_calling_config.allowed_function_names: allowed_function_names should only be set when the mode is ANY.');
  }
  allowed.forEach((name, i) => {
    if (!declared.has(name)) violations.push(`tool_config.function_calling_config.allowed_function_names[${i}]: function ${name} is not declared`);
  });

  const config = get(body, 'generationConfig') ?? {};
  const jsonSchema = get(config, 'responseJsonSchema');
  if (jsonSchema !== undefined && get(config, 'responseSchema') !== undefined) {
    violations.push('generation_config: response_schema and response_json_schema cannot both be set');
  }
  if (jsonSchema !== undefined && get(config, 'responseMimeType') !== 'application/json') {
    violations.push('generation_config.response_mime_type: response_mime_type must be application/json when response_json_schema is set');
  }
  schemaViolations(get(config, 'responseSchema'), 'generation_config.response_schema', violations);
  const temperature = get(config, 'temperature');
  if (typeof temperature === 'number' && (temperature < 0 || temperature > 2)) {
    violations.push('generation_config.temperature: temperature must be in the range [0.0, 2.0]');
  }
  const fieldError = field('GenerateContentRequest', violations);
  if (fieldError) return fieldError;

  const thinking = get(config, 'thinkingConfig');
  if (thinking) {
    const level = get(thinking, 'thinkingLevel');
    const budget = get(thinking, 'thinkingBudget');
    if (level !== undefined && budget !== undefined) return invalid('You can only set only one of thinking budget and thinking level.');
    if (level !== undefined && !isGemini3(ctx.model)) return invalid('Thinking level is not supported for this model.');
    if (Number(budget) === 0 && (isGemini3(ctx.model) || ctx.model.includes('-pro'))) return invalid('Budget 0 is invalid. This model only works in thinking mode.');
    if (get(thinking, 'includeThoughts') === true && !/^gemini-(2\.5|[3-9])/.test(ctx.model)) return invalid('Thinking is not enabled for this model.');
  }

  return turnOrderError(contents) ?? signatureError(contents, ctx);
}

/** The function-calling turn rules (§2.2 of the reference), with the API's messages. */
function turnOrderError(contents: Json[]): FakeGeminiError | null {
  for (let i = 0; i < contents.length; i++) {
    const parts: Json[] = get(contents[i], 'parts') ?? [];
    const calls = parts.map((part) => get(part, 'functionCall')).filter(Boolean);
    const responses = parts.map((part) => get(part, 'functionResponse')).filter(Boolean);
    const previous = i > 0 ? contents[i - 1] : undefined;
    const previousParts: Json[] = get(previous, 'parts') ?? [];
    if (calls.length > 0) {
      if (!previous || get(previous, 'role') === 'model') {
        return invalid('Please ensure that function call turn comes immediately after a user turn or after a function response turn.');
      }
    }
    if (responses.length > 0) {
      const previousCalls = previousParts.map((part) => get(part, 'functionCall')).filter(Boolean);
      if (!previous || get(previous, 'role') !== 'model' || previousCalls.length === 0) {
        return invalid('Please ensure that function response turn comes immediately after a function call turn.');
      }
      if (previousCalls.length !== responses.length) {
        return invalid('Please ensure that the number of function response parts is equal to the number of function call parts of the function call turn.');
      }
      const open = previousCalls.map((call) => get(call, 'name'));
      for (const response of responses) {
        const index = open.indexOf(get(response, 'name'));
        if (index === -1) {
          return invalid(`Please ensure that function response parts match the function call parts of the function call turn: no call to '${String(get(response, 'name'))}' is waiting for a response.`);
        }
        open.splice(index, 1);
      }
    }
  }
  return null;
}

/** Gemini 3: the first function call of each model turn since the last real user message must carry its signature. */
function signatureError(contents: Json[], ctx: GenerateValidationContext): FakeGeminiError | null {
  let start = 0;
  for (let i = contents.length - 1; i >= 0; i--) {
    const parts: Json[] = get(contents[i], 'parts') ?? [];
    if (get(contents[i], 'role') !== 'model' && parts.some((part) => !get(part, 'functionResponse'))) {
      start = i + 1;
      break;
    }
  }
  for (let i = 0; i < contents.length; i++) {
    if (get(contents[i], 'role') !== 'model') continue;
    for (const part of get(contents[i], 'parts') ?? []) {
      const signature = get(part, 'thoughtSignature');
      if (signature !== undefined && !ctx.issuedSignatures.has(signature) && !DUMMY_SIGNATURES.has(signature)) return invalid('Corrupted thought signature.');
    }
    if (!isGemini3(ctx.model) || i < start) continue;
    const first = (get(contents[i], 'parts') ?? []).find((part: Json) => get(part, 'functionCall'));
    if (first && get(first, 'thoughtSignature') === undefined) return invalid(MISSING_SIGNATURE_MESSAGE(get(get(first, 'functionCall'), 'name'), i + 1));
  }
  return null;
}

/** `:embedContent` / `:batchEmbedContents` bodies. */
export function validateEmbed(body: Json, method: 'embedContent' | 'batchEmbedContents', model: string): FakeGeminiError | null {
  const parsed = protoError(body, method === 'embedContent' ? EMBED_CONTENT_REQUEST : BATCH_EMBED_CONTENTS_REQUEST);
  if (parsed) return parsed;
  const requests: Json[] = method === 'embedContent' ? [body] : (get(body, 'requests') ?? []);
  const name = method === 'embedContent' ? 'EmbedContentRequest' : 'BatchEmbedContentsRequest';
  const violations: string[] = [];
  if (method === 'batchEmbedContents' && requests.length === 0) violations.push('requests: requests must not be empty');
  if (requests.length > 100) violations.push('requests: at most 100 requests can be in one batch');
  requests.forEach((request, i) => {
    const prefix = method === 'embedContent' ? '' : `requests[${i}].`;
    const requestModel = get(request, 'model');
    if (method === 'batchEmbedContents' && requestModel !== `models/${model}`) {
      violations.push(`${prefix}model: the model of every request must be the model in the URL (models/${model}), got ${JSON.stringify(requestModel)}`);
    }
    const content = get(request, 'content');
    if (!content) violations.push(`${prefix}content: content must be specified`);
    else contentViolations(content, `${prefix}content`, violations);
    const dims = get(request, 'outputDimensionality');
    if (dims !== undefined && (Number(dims) < 1 || Number(dims) > 3072)) violations.push(`${prefix}output_dimensionality: must be between 1 and 3072`);
  });
  return field(name, violations);
}
