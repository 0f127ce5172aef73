import { ProxyError } from '../../core/proxy-error.js';
import type { StreamEvent } from '../../core/stream-event.js';
import type { Usage } from '../../core/usage.js';
import { randomId } from '../../util/ids.js';
import type { SseMessage } from '../../util/sse.js';
import { convertGeminiUsage } from './convert-gemini-usage.js';
import type { GeminiGenerateContentResponse } from './gemini-wire.js';
import { mapGeminiFinishReason } from './map-gemini-finish-reason.js';
import { parseGeminiStreamError } from './parse-gemini-error.js';
import { blockedPromptError, emptyFinishError, readGeminiPart } from './read-gemini-parts.js';
import { readFailure } from '../http/read-upstream-body.js';
import type { TurnSignatures } from './thought-signature-memory.js';

export type GeminiStreamContext = {
  provider: string;
  model: string;
  /** Called at a clean finish with the signatures the next turn must send back. */
  onSignatures?: (signatures: TurnSignatures) => void;
};

/**
 * `streamGenerateContent?alt=sse` messages → canonical events, as they arrive. Every chunk is a whole
 * GenerateContentResponse holding only new parts: text and thought deltas extend the open text or reasoning block,
 * and each function call (always whole on the Gemini API) is a tool-call block of its own. Usage is taken from the
 * last chunk that reports it (each report is a running total). There is no end marker: the stream ends after the
 * chunk with `finishReason`; without one it was cut. Failures become a final `error` event; this never throws.
 */
export async function* decodeGeminiStream(messages: AsyncIterable<SseMessage>, context: GeminiStreamContext): AsyncGenerator<StreamEvent> {
  let started = false;
  let nextIndex = 0;
  let open: { kind: 'text' | 'reasoning'; index: number } | undefined;
  let content = '';
  let textSignature: string | undefined;
  const signatures: TurnSignatures = { calls: [] };
  let finishRaw: string | undefined;
  let finishSeen = false;
  let finishMessage: string | undefined;
  let usage: Usage = {};
  let blocked: GeminiGenerateContentResponse | undefined;

  const close = function* (): Generator<StreamEvent> {
    if (open) yield { type: 'block-end', index: open.index };
    open = undefined;
  };

  try {
    for await (const message of messages) {
      if (message.data.trim() === '') continue;
      const chunk = JSON.parse(message.data) as GeminiGenerateContentResponse;
      if (chunk.error) {
        yield { type: 'error', error: parseGeminiStreamError(context.provider, chunk.error) };
        return;
      }
      if (!started) {
        started = true;
        yield {
          type: 'start',
          id: chunk.responseId ?? randomId('gen-'),
          model: chunk.modelVersion ?? context.model,
          created: Math.floor(Date.now() / 1000),
        };
      }
      if (chunk.usageMetadata) usage = convertGeminiUsage(chunk.usageMetadata);
      const candidate = chunk.candidates?.[0];
      if (!candidate) {
        if (chunk.promptFeedback?.blockReason) blocked = chunk;
        continue;
      }
      for (const part of candidate.content?.parts ?? []) {
        const read = readGeminiPart(part);
        if (!read) continue;
        if (read.kind === 'call') {
          yield* close();
          const index = nextIndex++;
          yield { type: 'block-start', index, block: { kind: 'tool-call', callId: read.id, name: read.name } };
          yield { type: 'block-delta', index, delta: read.argumentsJson };
          yield { type: 'block-end', index };
          signatures.calls.push({
            id: read.id, name: read.name, argumentsJson: read.argumentsJson, upstreamId: read.upstreamId,
            ...(read.signature ? { signature: read.signature } : {}),
          });
          continue;
        }
        if (read.signature) textSignature = read.signature;
        if (read.text === '') continue;
        if (open?.kind !== read.kind) {
          yield* close();
          open = { kind: read.kind, index: nextIndex++ };
          yield { type: 'block-start', index: open.index, block: { kind: read.kind } };
        }
        yield { type: 'block-delta', index: open.index, delta: read.text };
        if (read.kind === 'text') content += read.text;
      }
      if (candidate.finishReason) {
        finishSeen = true;
        finishRaw = candidate.finishReason;
        if (typeof candidate.finishMessage === 'string') finishMessage = candidate.finishMessage;
      }
    }
  } catch (error) {
    yield { type: 'error', error: readFailure(error, context.provider) };
    return;
  }

  yield* close();
  if (!finishSeen) {
    const error = blocked
      ? blockedPromptError(context.provider, blocked)
      : new ProxyError('upstream_protocol', `${context.provider} stream ended without a finishReason`, { provider: context.provider });
    yield { type: 'error', error };
    return;
  }
  const reason = mapGeminiFinishReason(finishRaw, signatures.calls.length > 0);
  const emptyError = content === '' && signatures.calls.length === 0 ? emptyFinishError(context.provider, reason, finishMessage) : undefined;
  if (emptyError) {
    yield { type: 'error', error: emptyError };
    return;
  }
  if (textSignature && content !== '') signatures.text = { content, signature: textSignature };
  context.onSignatures?.(signatures);
  yield { type: 'finish', reason, usage };
}
