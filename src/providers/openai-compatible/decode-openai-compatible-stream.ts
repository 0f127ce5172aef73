import type { FinishReason } from '../../core/finish-reason.js';
import { ProxyError } from '../../core/proxy-error.js';
import type { StreamEvent } from '../../core/stream-event.js';
import type { Usage } from '../../core/usage.js';
import type { SseMessage } from '../../util/sse.js';
import { randomId } from '../../util/ids.js';
import { convertOpenAIUsage } from './convert-openai-usage.js';
import { mapOpenAIFinishReason } from './map-openai-finish-reason.js';
import type { OpenAIWireEnvelope, OpenAIWireError } from './openai-wire.js';
import { readFailure as readSharedFailure, type ReadFailureWording } from '../http/read-upstream-body.js';
import { argumentsText, readContent } from './read-openai-message.js';
import { describeWireError } from './parse-openai-compatible-error.js';
import { ThinkTagSplitter } from './split-think-tags.js';

/**
 * Upstream SSE messages → canonical events, as they arrive. Usage may come after the finish chunk (stream_options),
 * on it (Mistral), in x_groq (Groq) or with a cost (OpenRouter), so `finish` is emitted when the stream ends.
 * Failures while reading become a final `error` event; this generator never throws.
 */
export async function* decodeOpenAICompatibleStream(
  messages: AsyncIterable<SseMessage>,
  context: { provider: string; model: string; thinkTags?: boolean },
): AsyncGenerator<StreamEvent> {
  const thinkSplitter = context.thinkTags ? new ThinkTagSplitter() : undefined;
  let started = false;
  let nextIndex = 0;
  let textIndex = -1;
  let reasoningIndex = -1;
  const toolIndexes = new Map<number, number>();
  let finish: FinishReason | undefined;
  let usage: Usage = {};
  let done = false;

  const emitContent = function* (reasoning: string, text: string): Generator<StreamEvent> {
    if (reasoning !== '') {
      if (reasoningIndex === -1) {
        reasoningIndex = nextIndex++;
        yield { type: 'block-start', index: reasoningIndex, block: { kind: 'reasoning' } };
      }
      yield { type: 'block-delta', index: reasoningIndex, delta: reasoning };
    }
    if (text !== '') {
      yield* closeReasoning();
      if (textIndex === -1) {
        textIndex = nextIndex++;
        yield { type: 'block-start', index: textIndex, block: { kind: 'text' } };
      }
      yield { type: 'block-delta', index: textIndex, delta: text };
    }
  };

  const closeReasoning = function* (): Generator<StreamEvent> {
    if (reasoningIndex !== -1) {
      yield { type: 'block-end', index: reasoningIndex };
      reasoningIndex = -1;
    }
  };

  try {
    for await (const message of messages) {
      if (message.data === '[DONE]') {
        done = true;
        break;
      }
      const chunk = JSON.parse(message.data) as OpenAIWireEnvelope;
      if (chunk.error || message.event === 'error') {
        yield { type: 'error', error: inBandError(chunk.error ?? {}, context.provider) };
        return;
      }
      if (!started) {
        started = true;
        yield {
          type: 'start',
          id: chunk.id ?? randomId('chatcmpl-'),
          model: chunk.model ?? context.model,
          created: chunk.created ?? Math.floor(Date.now() / 1000),
        };
      }
      if (chunk.citations || chunk.search_results) {
        yield {
          type: 'metadata',
          metadata: {
            ...(chunk.citations ? { citations: chunk.citations } : {}),
            ...(chunk.search_results ? { searchResults: chunk.search_results } : {}),
          },
        };
      }
      const wireUsage = chunk.usage ?? chunk.x_groq?.usage;
      if (wireUsage) usage = convertOpenAIUsage(wireUsage);
      if (chunk.x_groq?.error) {
        yield { type: 'error', error: inBandError(chunk.x_groq.error, context.provider) };
        return;
      }

      const choice = chunk.choices?.[0];
      if (!choice) continue;
      // Legacy text-completion chunks carry `text` instead of a delta; the rest of the stream is the same.
      const delta = choice.delta ?? (typeof choice.text === 'string' ? { content: choice.text } : {});
      let { text, reasoning } = readContent(delta);
      if (thinkSplitter && text !== '') {
        const split = thinkSplitter.push(text);
        text = split.text;
        reasoning += split.reasoning;
      }
      yield* emitContent(reasoning, text);
      for (const call of delta.tool_calls ?? []) {
        yield* closeReasoning();
        const wireIndex = call.index ?? toolIndexes.size;
        let index = toolIndexes.get(wireIndex);
        if (index === undefined) {
          index = nextIndex++;
          toolIndexes.set(wireIndex, index);
          yield {
            type: 'block-start',
            index,
            block: { kind: 'tool-call', callId: call.id ?? randomId('call_', 8), name: call.function?.name ?? '' },
          };
        }
        const args = argumentsText(call);
        if (args !== '') yield { type: 'block-delta', index, delta: args };
      }
      if (choice.finish_reason) finish = mapOpenAIFinishReason(choice.finish_reason, toolIndexes.size > 0);
    }
  } catch (error) {
    yield { type: 'error', error: readFailure(error, context.provider) };
    return;
  }

  if (thinkSplitter) {
    const rest = thinkSplitter.flush();
    yield* emitContent(rest.reasoning, rest.text);
  }
  yield* closeReasoning();
  if (textIndex !== -1) yield { type: 'block-end', index: textIndex };
  for (const index of toolIndexes.values()) yield { type: 'block-end', index };
  if (finish) {
    yield { type: 'finish', reason: finish, usage };
  } else {
    const why = done ? 'ended without a finish_reason' : 'ended before [DONE]';
    yield { type: 'error', error: new ProxyError('upstream_protocol', `${context.provider} stream ${why}`, { provider: context.provider }) };
  }
}

function inBandError(wire: OpenAIWireError, provider: string): ProxyError {
  return new ProxyError('upstream_error', `${provider}: ${describeWireError(wire) ?? 'error in stream'}`, { provider });
}

/** How read failures of OpenAI-compatible bodies are worded (their streams are SSE chunks). */
export const OPENAI_COMPATIBLE_READ_WORDING: ReadFailureWording = { malformed: 'sent a malformed stream chunk', during: 'mid-stream' };

/** Reading the body failed: a dropped socket, an idle timeout, our own abort, or a malformed chunk. */
function readFailure(error: unknown, provider: string): ProxyError {
  return readSharedFailure(error, provider, OPENAI_COMPATIBLE_READ_WORDING);
}
