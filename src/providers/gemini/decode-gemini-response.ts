import type { ToolCall } from '../../core/chat-request.js';
import type { ChatResponse } from '../../core/chat-response.js';
import { randomId } from '../../util/ids.js';
import { convertGeminiUsage } from './convert-gemini-usage.js';
import type { GeminiGenerateContentResponse } from './gemini-wire.js';
import { mapGeminiFinishReason } from './map-gemini-finish-reason.js';
import { blockedPromptError, emptyFinishError, readGeminiPart } from './read-gemini-parts.js';
import type { TurnSignatures } from './thought-signature-memory.js';

/**
 * A `generateContent` answer → ChatResponse (first candidate), plus the thought signatures the next turn must send
 * back. Throws a content_filter ProxyError when the prompt was blocked or the answer withheld entirely.
 */
export function decodeGeminiResponse(
  wire: GeminiGenerateContentResponse,
  context: { provider: string; model: string },
): { response: ChatResponse; signatures: TurnSignatures } {
  const candidate = wire.candidates?.[0];
  if (!candidate) throw blockedPromptError(context.provider, wire);

  let content = '';
  let reasoning = '';
  let textSignature: string | undefined;
  const toolCalls: ToolCall[] = [];
  const signatures: TurnSignatures = { calls: [] };
  for (const part of candidate.content?.parts ?? []) {
    const read = readGeminiPart(part);
    if (!read) continue;
    if (read.kind === 'call') {
      toolCalls.push({ id: read.id, name: read.name, argumentsJson: read.argumentsJson });
      signatures.calls.push({
        id: read.id, name: read.name, argumentsJson: read.argumentsJson, upstreamId: read.upstreamId,
        ...(read.signature ? { signature: read.signature } : {}),
      });
      continue;
    }
    if (read.kind === 'reasoning') reasoning += read.text;
    else content += read.text;
    if (read.signature) textSignature = read.signature;
  }
  if (textSignature && content !== '') signatures.text = { content, signature: textSignature };

  const finishReason = mapGeminiFinishReason(candidate.finishReason, toolCalls.length > 0);
  if (content === '' && toolCalls.length === 0) {
    const error = emptyFinishError(context.provider, finishReason, candidate.finishMessage);
    if (error) throw error;
  }
  const response: ChatResponse = {
    id: wire.responseId ?? randomId('gen-'),
    model: wire.modelVersion ?? context.model,
    created: Math.floor(Date.now() / 1000),
    content,
    toolCalls,
    finishReason,
    usage: convertGeminiUsage(wire.usageMetadata),
  };
  if (reasoning !== '') response.reasoning = reasoning;
  return { response, signatures };
}
