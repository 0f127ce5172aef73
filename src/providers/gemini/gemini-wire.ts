/**
 * The Gemini API (Generative Language API, v1beta) wire format, as far as we send and read it. REST JSON is
 * camelCase. Reference: shared/reference/gemini-api.md (js-genai `src/types.ts`).
 */

export type GeminiBlob = { mimeType: string; data: string };
export type GeminiFileData = { mimeType?: string; fileUri: string };
export type GeminiFunctionCall = { id?: string; name: string; args?: Record<string, unknown> };
export type GeminiFunctionResponse = { id?: string; name: string; response: Record<string, unknown> };

/** Exactly one data field is set; `thought` and `thoughtSignature` are flags next to it. */
export type GeminiPart = {
  text?: string;
  inlineData?: GeminiBlob;
  fileData?: GeminiFileData;
  functionCall?: GeminiFunctionCall;
  functionResponse?: GeminiFunctionResponse;
  thought?: boolean;
  /** Opaque base64; Gemini 3 rejects a function call sent back without the one it came with. */
  thoughtSignature?: string;
};

export type GeminiRole = 'user' | 'model';
export type GeminiContent = { role?: GeminiRole; parts: GeminiPart[] };

/** Gemini's OpenAPI-3.0-subset `Schema` (a typed proto: unknown keys are a 400). */
export type GeminiSchema = {
  type?: GeminiSchemaType;
  format?: string;
  title?: string;
  description?: string;
  nullable?: boolean;
  enum?: string[];
  items?: GeminiSchema;
  minItems?: number;
  maxItems?: number;
  properties?: Record<string, GeminiSchema>;
  required?: string[];
  propertyOrdering?: string[];
  minProperties?: number;
  maxProperties?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  anyOf?: GeminiSchema[];
  default?: unknown;
  example?: unknown;
};
export type GeminiSchemaType = 'STRING' | 'NUMBER' | 'INTEGER' | 'BOOLEAN' | 'ARRAY' | 'OBJECT' | 'NULL';

export type GeminiFunctionDeclaration = { name: string; description?: string; parameters?: GeminiSchema };
export type GeminiTool = { functionDeclarations: GeminiFunctionDeclaration[] };

export type GeminiFunctionCallingMode = 'AUTO' | 'ANY' | 'NONE';
export type GeminiToolConfig = { functionCallingConfig: { mode: GeminiFunctionCallingMode; allowedFunctionNames?: string[] } };

export type GeminiThinkingLevel = 'MINIMAL' | 'LOW' | 'MEDIUM' | 'HIGH';
export type GeminiThinkingConfig = { includeThoughts?: boolean; thinkingBudget?: number; thinkingLevel?: GeminiThinkingLevel };

export type GeminiGenerationConfig = {
  maxOutputTokens?: number;
  temperature?: number;
  topP?: number;
  topK?: number;
  stopSequences?: string[];
  seed?: number;
  presencePenalty?: number;
  frequencyPenalty?: number;
  responseMimeType?: string;
  /** Real JSON Schema (a subset); requires responseMimeType application/json. */
  responseJsonSchema?: Record<string, unknown>;
  thinkingConfig?: GeminiThinkingConfig;
};

export type GeminiGenerateContentRequest = {
  contents: GeminiContent[];
  systemInstruction?: GeminiContent;
  tools?: GeminiTool[];
  toolConfig?: GeminiToolConfig;
  generationConfig?: GeminiGenerationConfig;
};

export type GeminiUsageMetadata = {
  promptTokenCount?: number;
  candidatesTokenCount?: number;
  thoughtsTokenCount?: number;
  toolUsePromptTokenCount?: number;
  cachedContentTokenCount?: number;
  totalTokenCount?: number;
};

export type GeminiCandidate = {
  content?: { role?: string; parts?: GeminiPart[] };
  finishReason?: string;
  /** Newer API versions explain a non-STOP finish here. */
  finishMessage?: string;
  index?: number;
};

export type GeminiWireError = { code?: number; message?: string; status?: string; details?: Array<Record<string, unknown>> };

/** A whole answer, or one SSE chunk of a streamed answer (parts then hold only the new text). */
export type GeminiGenerateContentResponse = {
  candidates?: GeminiCandidate[];
  promptFeedback?: { blockReason?: string; blockReasonMessage?: string };
  usageMetadata?: GeminiUsageMetadata;
  modelVersion?: string;
  responseId?: string;
  /** Only in a stream: an error after the 200 status. */
  error?: GeminiWireError;
};

export type GeminiEmbedContentRequest = { model?: string; content: { parts: Array<{ text: string }> }; outputDimensionality?: number };
export type GeminiEmbedContentResponse = { embedding?: { values?: number[] }; usageMetadata?: { promptTokenCount?: number } };
export type GeminiBatchEmbedContentsResponse = { embeddings?: Array<{ values?: number[] }>; usageMetadata?: { promptTokenCount?: number } };
