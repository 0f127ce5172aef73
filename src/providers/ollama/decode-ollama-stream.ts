import { ProxyError } from '../../core/proxy-error.js';
import type { StreamEvent } from '../../core/stream-event.js';
import { randomId } from '../../util/ids.js';
import { convertOllamaUsage } from './convert-ollama-usage.js';
import { ollamaCreatedSeconds } from './decode-ollama-response.js';
import { decodeOllamaToolCall } from './decode-ollama-tool-call.js';
import { mapOllamaDoneReason } from './map-ollama-done-reason.js';
import type { OllamaWireChunk } from './ollama-wire.js';
import { inBandOllamaError, readOllamaFailure } from './read-ollama-failure.js';

export type OllamaStreamContext = { provider: string; model: string };

/**
 * `/api/chat` or `/api/generate` NDJSON lines (already parsed) → canonical events, as they arrive. Thinking and
 * content become reasoning and text blocks (a new block whenever the kind changes); each tool call arrives whole
 * and becomes one complete tool-call block. The `done: true` line carries `done_reason` and the counts, so `finish`
 * is emitted there; whatever follows it is read and ignored, so the connection stays reusable. An `{"error":…}`
 * line, a dropped connection or a stream without its done line end with an `error` event. Never throws.
 */
export async function* decodeOllamaStream(lines: AsyncIterable<unknown>, context: OllamaStreamContext): AsyncGenerator<StreamEvent> {
  let started = false;
  let nextIndex = 0;
  let open: { kind: 'text' | 'reasoning'; index: number } | undefined;
  let sawToolCall = false;
  let finished = false;

  const close = function* (): Generator<StreamEvent> {
    if (open) yield { type: 'block-end', index: open.index };
    open = undefined;
  };
  const write = function* (kind: 'text' | 'reasoning', delta: string): Generator<StreamEvent> {
    if (open?.kind !== kind) {
      yield* close();
      open = { kind, index: nextIndex++ };
      yield { type: 'block-start', index: open.index, block: { kind } };
    }
    yield { type: 'block-delta', index: open.index, delta };
  };

  try {
    for await (const line of lines) {
      if (finished) continue;
      if (typeof line !== 'object' || line === null || Array.isArray(line)) {
        throw new ProxyError('upstream_protocol', `${context.provider} sent a stream line that is not an object`, { provider: context.provider });
      }
      const chunk = line as OllamaWireChunk;
      if (chunk.error !== undefined) {
        yield { type: 'error', error: inBandOllamaError(chunk.error, context.provider) };
        return;
      }
      if (!started) {
        started = true;
        yield { type: 'start', id: randomId('chatcmpl-'), model: chunk.model ?? context.model, created: ollamaCreatedSeconds(chunk.created_at) };
      }
      const thinking = chunk.message?.thinking ?? chunk.thinking ?? '';
      if (thinking !== '') yield* write('reasoning', thinking);
      const content = chunk.message?.content ?? chunk.response ?? '';
      if (content !== '') yield* write('text', content);
      for (const wireCall of chunk.message?.tool_calls ?? chunk.tool_calls ?? []) {
        yield* close();
        sawToolCall = true;
        const call = decodeOllamaToolCall(wireCall);
        const index = nextIndex++;
        yield { type: 'block-start', index, block: { kind: 'tool-call', callId: call.id, name: call.name } };
        yield { type: 'block-delta', index, delta: call.argumentsJson };
        yield { type: 'block-end', index };
      }
      if (chunk.done === true) {
        finished = true;
        yield* close();
        yield { type: 'finish', reason: mapOllamaDoneReason(chunk.done_reason, sawToolCall), usage: convertOllamaUsage(chunk) };
      }
    }
  } catch (error) {
    // After the done line the answer is complete; a connection that then closes badly loses nothing.
    if (!finished) yield { type: 'error', error: readOllamaFailure(error, context.provider) };
    return;
  }
  if (!finished) {
    yield {
      type: 'error',
      error: new ProxyError('upstream_protocol', `${context.provider} stream ended without its done line`, { provider: context.provider }),
    };
  }
}
