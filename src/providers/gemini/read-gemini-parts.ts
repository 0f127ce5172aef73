import { ProxyError } from '../../core/proxy-error.js';
import type { FinishReason } from '../../core/finish-reason.js';
import { randomId } from '../../util/ids.js';
import type { GeminiGenerateContentResponse, GeminiPart } from './gemini-wire.js';

export type ReadPart =
  | { kind: 'text' | 'reasoning'; text: string; signature?: string }
  | { kind: 'call'; id: string; upstreamId: boolean; name: string; argumentsJson: string; signature?: string };

/**
 * One response part → what it means to us. Function calls get an id of ours unless Gemini gave one (the Gemini API
 * usually doesn't; our clients need one). Parts we never ask for (executable code, inline output images) are skipped.
 */
export function readGeminiPart(part: GeminiPart): ReadPart | undefined {
  const signature = typeof part.thoughtSignature === 'string' && part.thoughtSignature !== '' ? { signature: part.thoughtSignature } : {};
  if (part.functionCall) {
    const upstreamId = typeof part.functionCall.id === 'string' && part.functionCall.id !== '';
    return {
      kind: 'call',
      id: upstreamId ? part.functionCall.id! : randomId('call_'),
      upstreamId,
      name: part.functionCall.name,
      argumentsJson: JSON.stringify(part.functionCall.args ?? {}),
      ...signature,
    };
  }
  if (typeof part.text === 'string') return { kind: part.thought === true ? 'reasoning' : 'text', text: part.text, ...signature };
  return 'signature' in signature ? { kind: 'text', text: '', ...signature } : undefined;
}

/** The error for an answer with no candidates: Gemini blocked the prompt itself. */
export function blockedPromptError(provider: string, wire: GeminiGenerateContentResponse): ProxyError {
  const reason = wire.promptFeedback?.blockReason;
  const detail = wire.promptFeedback?.blockReasonMessage;
  const message = reason
    ? `${provider} blocked the prompt (${reason})${detail ? `: ${detail}` : ''}`
    : `${provider} returned no answer for this prompt (no candidates; it was probably blocked)`;
  return new ProxyError('content_filter', message, { provider });
}

/**
 * A filtered (SAFETY, RECITATION…) or broken (MALFORMED_FUNCTION_CALL…) finish with nothing generated becomes an
 * error with a clear message, so no client mistakes it for an empty answer. With partial output it stays a finish.
 */
export function emptyFinishError(provider: string, reason: FinishReason, finishMessage: string | undefined): ProxyError | undefined {
  const detail = finishMessage ? `: ${finishMessage.slice(0, 300)}` : '';
  if (reason.unified === 'content-filter') {
    return new ProxyError('content_filter', `${provider} withheld the answer (finish reason ${reason.raw ?? 'unknown'})${detail}`, { provider });
  }
  if (reason.unified === 'error') {
    return new ProxyError('upstream_error', `${provider} could not produce an answer (finish reason ${reason.raw ?? 'unknown'})${detail}`, { provider });
  }
  return undefined;
}
