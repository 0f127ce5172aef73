import type { AssistantMessage, ContentPart, ImagePart, Message, ToolCall, ToolMessage } from '../../core/chat-request.js';
import { invalidRequest } from '../../core/proxy-error.js';
import { parseDataUrl, sniffImageMediaType } from '../../util/image-media-type.js';
import type { GeminiContent, GeminiPart } from './gemini-wire.js';
import type { ThoughtSignatureMemory } from './thought-signature-memory.js';

/**
 * The value Google documents for function calls it did not sign (history from another model or instance): it makes
 * Gemini 3 skip signature validation, at some cost in reasoning quality (ai.google.dev/gemini-api/docs/thought-signatures).
 */
export const DUMMY_THOUGHT_SIGNATURE = 'skip_thought_signature_validator';

export type ContentsContext = {
  model: string;
  memory?: ThoughtSignatureMemory | undefined;
  /** Gemini 3 and later reject unsigned function calls in the current turn; older models don't check. */
  requiresSignatures: boolean;
};

export type EncodedGeminiContents = { systemInstruction?: GeminiContent; contents: GeminiContent[] };

/** Image URL extensions we can name a media type for (`fileData` needs one for a plain URL). */
const MEDIA_TYPE_BY_EXTENSION: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  heic: 'image/heic',
  heif: 'image/heif',
};

/**
 * Canonical messages → `systemInstruction` + `contents`: system messages are hoisted (one part each, in order), the
 * assistant is `model`, tool results are `functionResponse` parts in a `user` content, consecutive same-role
 * contents are merged and empty ones dropped. Remembered thought signatures go back on the calls (and text) they
 * came with; in the current turn of a Gemini 3 model an unsigned call gets the documented dummy signature.
 */
export function encodeGeminiContents(messages: readonly Message[], context: ContentsContext): EncodedGeminiContents {
  const system: GeminiPart[] = [];
  const contents: GeminiContent[] = [];
  const calls = new ToolCallLookup();

  messages.forEach((message, index) => {
    switch (message.role) {
      case 'system':
        if (message.content !== '') system.push({ text: message.content });
        return;
      case 'user':
        pushContent(contents, { role: 'user', parts: encodeUserParts(message.content, index) });
        return;
      case 'assistant':
        calls.sawAssistant(message.toolCalls ?? []);
        pushContent(contents, { role: 'model', parts: encodeAssistant(message, index, context) });
        return;
      case 'tool':
        pushContent(contents, { role: 'user', parts: [encodeToolResult(message, calls.resolve(message, index), context)] });
        return;
      default: {
        const exhaustive: never = message;
        throw new Error(`unknown role in ${JSON.stringify(exhaustive)}`);
      }
    }
  });

  if (contents.length === 0) throw invalidRequest('at least one user or assistant message with content is required', 'messages');
  if (context.requiresSignatures) signCurrentTurn(contents);
  return system.length > 0 ? { systemInstruction: { parts: system }, contents } : { contents };
}

function pushContent(contents: GeminiContent[], content: GeminiContent): void {
  if (content.parts.length === 0) return;
  const last = contents.at(-1);
  if (last && last.role === content.role) last.parts.push(...content.parts);
  else contents.push(content);
}

function encodeUserParts(parts: readonly ContentPart[], index: number): GeminiPart[] {
  const out: GeminiPart[] = [];
  parts.forEach((part, partIndex) => {
    // The API rejects an empty text part ("required oneof field 'data' must have one initialized field").
    if (part.type === 'text') {
      if (part.text !== '') out.push({ text: part.text });
    } else {
      out.push(encodeImage(part, `messages[${index}].content[${partIndex}]`));
    }
  });
  return out;
}

function encodeImage(part: ImagePart, param: string): GeminiPart {
  if (part.source === 'base64') return { inlineData: { mimeType: part.mediaType, data: part.data } };
  const inline = parseDataUrl(part.url);
  if (inline) return { inlineData: { mimeType: inline.mediaType ?? sniffImageMediaType(inline.data), data: inline.data } };
  // The Gemini API fetches Files API URIs, gs:// objects and public http(s) URLs itself; it needs the media type.
  let url: URL;
  try {
    url = new URL(part.url);
  } catch {
    throw invalidRequest(`image URL '${part.url.slice(0, 100)}' is not a valid URL`, param);
  }
  if (!['http:', 'https:', 'gs:'].includes(url.protocol)) {
    throw invalidRequest(`Gemini takes images as base64, or as http(s) or gs:// URLs; '${url.protocol}' URLs are not supported`, param);
  }
  const extension = /\.([a-z0-9]+)$/i.exec(url.pathname)?.[1]?.toLowerCase();
  const mimeType = extension === undefined ? undefined : MEDIA_TYPE_BY_EXTENSION[extension];
  const isFilesApi = url.hostname === 'generativelanguage.googleapis.com' && url.pathname.includes('/files/');
  if (mimeType === undefined && !isFilesApi) {
    throw invalidRequest(
      `Gemini needs the media type of image URL '${part.url.slice(0, 100)}', which has no known image extension; send the image as base64 instead`,
      param,
    );
  }
  return { fileData: { ...(mimeType ? { mimeType } : {}), fileUri: part.url } };
}

function encodeAssistant(message: AssistantMessage, index: number, context: ContentsContext): GeminiPart[] {
  // `message.reasoning` is not sent back: thought summaries are output only; the signatures carry the reasoning state.
  const parts: GeminiPart[] = [];
  if (message.content !== '') {
    const signature = context.memory?.recallText(context.model, message.content);
    parts.push(signature === undefined ? { text: message.content } : { text: message.content, thoughtSignature: signature });
  }
  (message.toolCalls ?? []).forEach((call, callIndex) => parts.push(encodeFunctionCall(call, index, callIndex, context)));
  return parts;
}

function encodeFunctionCall(call: ToolCall, messageIndex: number, callIndex: number, context: ContentsContext): GeminiPart {
  const param = `messages[${messageIndex}].tool_calls[${callIndex}].function.arguments`;
  let args: unknown;
  try {
    args = call.argumentsJson.trim() === '' ? {} : JSON.parse(call.argumentsJson);
  } catch {
    throw invalidRequest(`tool call '${call.name}' has arguments that are not valid JSON`, param);
  }
  if (typeof args !== 'object' || args === null || Array.isArray(args)) {
    throw invalidRequest(`tool call '${call.name}' arguments must be a JSON object`, param);
  }
  const recalled = context.memory?.recallCall(context.model, call);
  const part: GeminiPart = {
    functionCall: { ...(recalled?.upstreamId ? { id: call.id } : {}), name: call.name, args: args as Record<string, unknown> },
  };
  if (recalled?.signature !== undefined) part.thoughtSignature = recalled.signature;
  return part;
}

function encodeToolResult(message: ToolMessage, call: { name: string; id: string | undefined }, context: ContentsContext): GeminiPart {
  const upstreamId = call.id !== undefined && context.memory?.isUpstreamId(call.id) === true;
  // `response` must be an object; `output` is the key Gemini documents for a result.
  return { functionResponse: { ...(upstreamId ? { id: call.id } : {}), name: call.name, response: { output: message.content } } };
}

/**
 * Gemini 3 validates the first function call of every model content in the current turn (everything after the last
 * user content that is not only function responses). Calls we hold no signature for get the dummy.
 */
function signCurrentTurn(contents: GeminiContent[]): void {
  let start = 0;
  for (let i = contents.length - 1; i >= 0; i--) {
    const content = contents[i]!;
    if (content.role === 'user' && content.parts.some((part) => part.functionResponse === undefined)) {
      start = i + 1;
      break;
    }
  }
  for (const content of contents.slice(start)) {
    if (content.role !== 'model') continue;
    const first = content.parts.find((part) => part.functionCall !== undefined);
    if (first && first.thoughtSignature === undefined) first.thoughtSignature = DUMMY_THOUGHT_SIGNATURE;
  }
}

/**
 * Tool results need the function's NAME on Gemini. Canonical tool messages may carry only the call id (OpenAI) or
 * only the name (older Ollama clients); either is matched against the assistant's earlier calls.
 */
class ToolCallLookup {
  private readonly byId = new Map<string, ToolCall>();
  private latest: readonly ToolCall[] = [];
  private readonly answered = new Set<string>();

  sawAssistant(calls: readonly ToolCall[]): void {
    for (const call of calls) this.byId.set(call.id, call);
    this.latest = calls;
    this.answered.clear();
  }

  resolve(message: ToolMessage, index: number): { name: string; id: string | undefined } {
    const byId = message.toolCallId ? this.byId.get(message.toolCallId) : undefined;
    if (byId) {
      this.answered.add(byId.id);
      // The call's own name: Gemini matches responses to calls by name.
      return { name: byId.name, id: byId.id };
    }
    const open = this.latest.filter((call) => !this.answered.has(call.id));
    const match = message.toolName ? open.find((call) => call.name === message.toolName) : open[0];
    if (match) {
      this.answered.add(match.id);
      return { name: match.name, id: match.id };
    }
    if (message.toolName) return { name: message.toolName, id: message.toolCallId || undefined };
    throw invalidRequest(
      `tool message ${index} names no tool and answers no earlier assistant tool call; Gemini needs the function name`,
      `messages[${index}].tool_call_id`,
    );
  }
}
