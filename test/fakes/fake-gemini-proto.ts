// The typed (protobuf) part of the Gemini API request messages, for the fake's JSON parsing step. The real API parses
// JSON into protos first: an unknown key, a list where one value belongs, or a value of the wrong type is a 400
// "Invalid JSON payload received…" before any semantic check. Fields typed `google.protobuf.Value`/`Struct`
// (function args, responses, `parametersJsonSchema`, `responseJsonSchema`) accept anything.
// Field lists follow js-genai `src/types.ts` and the v1beta REST reference (ai.google.dev/api).

type Scalar = 'string' | 'float' | 'int32' | 'int64' | 'bool' | 'bytes' | 'value' | 'struct';
export type EnumSpec = { enumName: string; values: readonly string[] };
export type MessageSpec = { name: string; fields: Record<string, FieldSpec>; oneofs?: Record<string, readonly string[]> };
type FieldSpec = { type: Scalar | EnumSpec | (() => MessageSpec); repeated?: boolean; map?: boolean };

const PKG = 'type.googleapis.com/google.ai.generativelanguage.v1beta';
const f = (type: FieldSpec['type'], extra: Omit<FieldSpec, 'type'> = {}): FieldSpec => ({ type, ...extra });
const list = (type: FieldSpec['type']): FieldSpec => ({ type, repeated: true });
const enumOf = (enumName: string, values: readonly string[]): EnumSpec => ({ enumName: `${PKG}.${enumName}`, values });

const TYPE = enumOf('Type', ['TYPE_UNSPECIFIED', 'STRING', 'NUMBER', 'INTEGER', 'BOOLEAN', 'ARRAY', 'OBJECT', 'NULL']);

export const SCHEMA: MessageSpec = {
  name: 'Schema',
  fields: {
    type: f(TYPE), format: f('string'), title: f('string'), description: f('string'), nullable: f('bool'), enum: list('string'),
    maxItems: f('int64'), minItems: f('int64'), properties: { type: () => SCHEMA, map: true }, required: list('string'),
    minProperties: f('int64'), maxProperties: f('int64'), minLength: f('int64'), maxLength: f('int64'), pattern: f('string'),
    example: f('value'), anyOf: list(() => SCHEMA), propertyOrdering: list('string'), default: f('value'), items: f(() => SCHEMA),
    minimum: f('float'), maximum: f('float'),
  },
};

const BLOB: MessageSpec = { name: 'Blob', fields: { mimeType: f('string'), data: f('bytes') } };
const FILE_DATA: MessageSpec = { name: 'FileData', fields: { mimeType: f('string'), fileUri: f('string') } };
const FUNCTION_CALL: MessageSpec = { name: 'FunctionCall', fields: { id: f('string'), name: f('string'), args: f('struct') } };
const FUNCTION_RESPONSE: MessageSpec = {
  name: 'FunctionResponse',
  fields: {
    id: f('string'), name: f('string'), response: f('struct'), parts: list('value'), willContinue: f('bool'),
    scheduling: f(enumOf('FunctionResponse.Scheduling', ['SCHEDULING_UNSPECIFIED', 'SILENT', 'WHEN_IDLE', 'INTERRUPT'])),
  },
};

export const PART_DATA_FIELDS = ['text', 'inlineData', 'fileData', 'functionCall', 'functionResponse', 'executableCode', 'codeExecutionResult'] as const;

const PART: MessageSpec = {
  name: 'Part',
  fields: {
    text: f('string'), inlineData: f(() => BLOB), fileData: f(() => FILE_DATA), functionCall: f(() => FUNCTION_CALL),
    functionResponse: f(() => FUNCTION_RESPONSE), executableCode: f('value'), codeExecutionResult: f('value'),
    thought: f('bool'), thoughtSignature: f('bytes'), videoMetadata: f('value'), partMetadata: f('struct'), mediaResolution: f('value'),
  },
  oneofs: { data: PART_DATA_FIELDS },
};

export const CONTENT: MessageSpec = { name: 'Content', fields: { role: f('string'), parts: list(() => PART) } };

const FUNCTION_DECLARATION: MessageSpec = {
  name: 'FunctionDeclaration',
  fields: {
    name: f('string'), description: f('string'), parameters: f(() => SCHEMA), parametersJsonSchema: f('value'),
    response: f(() => SCHEMA), responseJsonSchema: f('value'),
    behavior: f(enumOf('FunctionDeclaration.Behavior', ['UNSPECIFIED', 'BLOCKING', 'NON_BLOCKING'])),
  },
};

const TOOL: MessageSpec = {
  name: 'Tool',
  fields: {
    functionDeclarations: list(() => FUNCTION_DECLARATION), googleSearchRetrieval: f('value'), codeExecution: f('value'),
    googleSearch: f('value'), urlContext: f('value'), computerUse: f('value'), fileSearch: f('value'), googleMaps: f('value'),
  },
};

const TOOL_CONFIG: MessageSpec = {
  name: 'ToolConfig',
  fields: {
    functionCallingConfig: f(() => ({
      name: 'FunctionCallingConfig',
      fields: {
        mode: f(enumOf('FunctionCallingConfig.Mode', ['MODE_UNSPECIFIED', 'AUTO', 'ANY', 'NONE', 'VALIDATED'])),
        allowedFunctionNames: list('string'),
      },
    })),
    retrievalConfig: f('value'),
  },
};

const THINKING_CONFIG: MessageSpec = {
  name: 'ThinkingConfig',
  fields: {
    includeThoughts: f('bool'), thinkingBudget: f('int32'),
    thinkingLevel: f(enumOf('ThinkingConfig.ThinkingLevel', ['THINKING_LEVEL_UNSPECIFIED', 'MINIMAL', 'LOW', 'MEDIUM', 'HIGH'])),
  },
};

const GENERATION_CONFIG: MessageSpec = {
  name: 'GenerationConfig',
  fields: {
    candidateCount: f('int32'), stopSequences: list('string'), maxOutputTokens: f('int32'), temperature: f('float'), topP: f('float'),
    topK: f('int32'), seed: f('int32'), presencePenalty: f('float'), frequencyPenalty: f('float'), responseLogprobs: f('bool'),
    logprobs: f('int32'), enableEnhancedCivicAnswers: f('bool'), responseMimeType: f('string'), responseSchema: f(() => SCHEMA),
    responseJsonSchema: f('value'), _responseJsonSchema: f('value'), responseModalities: list('string'), speechConfig: f('value'),
    thinkingConfig: f(() => THINKING_CONFIG), imageConfig: f('value'), mediaResolution: f('string'),
  },
};

const SAFETY_SETTING: MessageSpec = { name: 'SafetySetting', fields: { category: f('string'), threshold: f('string') } };

export const GENERATE_CONTENT_REQUEST: MessageSpec = {
  name: 'GenerateContentRequest',
  fields: {
    model: f('string'), contents: list(() => CONTENT), systemInstruction: f(() => CONTENT), tools: list(() => TOOL),
    toolConfig: f(() => TOOL_CONFIG), safetySettings: list(() => SAFETY_SETTING), generationConfig: f(() => GENERATION_CONFIG),
    cachedContent: f('string'), serviceTier: f('string'), store: f('bool'),
  },
};

const TASK_TYPE = enumOf('TaskType', [
  'TASK_TYPE_UNSPECIFIED', 'RETRIEVAL_QUERY', 'RETRIEVAL_DOCUMENT', 'SEMANTIC_SIMILARITY', 'CLASSIFICATION', 'CLUSTERING',
  'QUESTION_ANSWERING', 'FACT_VERIFICATION', 'CODE_RETRIEVAL_QUERY',
]);

export const EMBED_CONTENT_REQUEST: MessageSpec = {
  name: 'EmbedContentRequest',
  fields: { model: f('string'), content: f(() => CONTENT), taskType: f(TASK_TYPE), title: f('string'), outputDimensionality: f('int32') },
};

export const BATCH_EMBED_CONTENTS_REQUEST: MessageSpec = {
  name: 'BatchEmbedContentsRequest',
  fields: { model: f('string'), requests: list(() => EMBED_CONTENT_REQUEST) },
};

const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const camel = (name: string) => name.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The proto parse errors of a JSON body, in the API's words, with paths as the API prints them (snake_case, `[i]`,
 * map entries as `[i].value`). Empty when the body parses. Both camelCase and snake_case keys are accepted, as the
 * real JSON parser does.
 */
export function protoParseErrors(body: unknown, spec: MessageSpec): string[] {
  const errors: string[] = [];
  checkMessage(body, spec, '', errors);
  return errors;
}

function at(path: string): string {
  return path === '' ? '' : ` at '${path}'`;
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

function checkMessage(value: unknown, spec: MessageSpec, path: string, errors: string[]): void {
  if (!isObject(value)) {
    errors.push(`Invalid value${at(path)} (${PKG}.${spec.name}), ${JSON.stringify(value)}`);
    return;
  }
  const setOneofs = new Map<string, string>();
  for (const [rawKey, fieldValue] of Object.entries(value)) {
    const key = camel(rawKey);
    const field = spec.fields[key];
    if (!field) {
      errors.push(`Invalid JSON payload received. Unknown name "${rawKey}"${at(path)}: Cannot find field.`);
      continue;
    }
    for (const [oneof, members] of Object.entries(spec.oneofs ?? {})) {
      if (!members.includes(key) || fieldValue === null) continue;
      if (setOneofs.has(oneof)) errors.push(`Invalid JSON payload received. Oneof field '${oneof}' is already set. Cannot set '${rawKey}'`);
      else setOneofs.set(oneof, key);
    }
    checkField(fieldValue, field, join(path, snake(key)), rawKey, path, errors);
  }
}

function checkField(value: unknown, field: FieldSpec, path: string, rawKey: string, parentPath: string, errors: string[]): void {
  if (value === null) return;
  if (field.map) {
    if (!isObject(value)) {
      errors.push(`Invalid value${at(path)}, ${JSON.stringify(value)}`);
      return;
    }
    Object.entries(value).forEach(([, entry], i) => checkSingle(entry, field, `${path}[${i}].value`, errors));
    return;
  }
  if (field.repeated) {
    if (!Array.isArray(value)) {
      errors.push(`Invalid JSON payload received. Unknown name "${rawKey}"${at(parentPath)}: Proto field is repeating, cannot start ${isObject(value) ? 'object' : 'value'}.`);
      return;
    }
    value.forEach((item, i) => checkSingle(item, field, `${path}[${i}]`, errors));
    return;
  }
  if (Array.isArray(value) && field.type !== 'value') {
    errors.push(`Invalid JSON payload received. Unknown name "${rawKey}"${at(parentPath)}: Proto field is not repeating, cannot start list.`);
    return;
  }
  checkSingle(value, field, path, errors);
}

function checkSingle(value: unknown, field: FieldSpec, path: string, errors: string[]): void {
  const type = field.type;
  if (typeof type === 'function') return checkMessage(value, type(), path, errors);
  if (typeof type === 'object') {
    const ok = (typeof value === 'string' && type.values.includes(value.toUpperCase())) || (typeof value === 'number' && Number.isInteger(value));
    if (!ok) errors.push(`Invalid value${at(path)} (${type.enumName}), ${JSON.stringify(value)}`);
    return;
  }
  const bad = (protoType: string) => errors.push(`Invalid value${at(path)} (${protoType}), ${JSON.stringify(value)}`);
  switch (type) {
    case 'string':
      if (typeof value !== 'string') bad('TYPE_STRING');
      return;
    case 'bool':
      if (typeof value !== 'boolean') bad('TYPE_BOOL');
      return;
    case 'float':
      if (typeof value !== 'number' && !(typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))) bad('TYPE_FLOAT');
      return;
    case 'int32':
    case 'int64':
      if (!(typeof value === 'number' && Number.isInteger(value)) && !(typeof value === 'string' && /^-?\d+$/.test(value))) {
        bad(type === 'int32' ? 'TYPE_INT32' : 'TYPE_INT64');
      }
      return;
    case 'bytes':
      if (typeof value !== 'string' || !/^[A-Za-z0-9+/_-]*={0,2}$/.test(value) || value.replace(/=+$/, '').length % 4 === 1) {
        errors.push(`Invalid value${at(path)} (TYPE_BYTES), Base64 decoding failed for ${JSON.stringify(value)}`);
      }
      return;
    case 'struct':
      if (!isObject(value)) errors.push(`Invalid value${at(path)} (type.googleapis.com/google.protobuf.Struct), ${JSON.stringify(value)}`);
      return;
    case 'value':
      return;
  }
}
