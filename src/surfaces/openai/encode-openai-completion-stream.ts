import type { StreamEvent } from '../../core/stream-event.js';
import { encodeSseData } from '../../util/sse.js';
import { toOpenAICompletionId } from './encode-openai-completion-response.js';
import { encodeOpenAIStreamError } from './encode-openai-error.js';
import { encodeOpenAIFinishReason } from './encode-openai-finish-reason.js';
import { encodeOpenAIUsage } from './encode-openai-usage.js';
import { makeOpenAIStreamHead, type OpenAIStreamHead, type OpenAIStreamOptions, SSE_DONE } from './openai-stream-head.js';
import type { OpenAICompletion, OpenAICompletionChoice } from './openai-wire.js';
import { readOpenAIStreamParts } from './read-openai-stream-parts.js';

/**
 * Canonical events → legacy `text_completion` SSE frames: `choices[].text` deltas, a finish chunk, the usage chunk
 * (`choices: []`) when asked for, then [DONE]. Reasoning and tool calls are dropped. Never throws.
 */
export async function* encodeOpenAICompletionStream(events: AsyncIterable<StreamEvent>, options: OpenAIStreamOptions): AsyncGenerator<string> {
  let head: OpenAIStreamHead | undefined;

  const frame = (choices: OpenAICompletionChoice[], usage?: OpenAICompletion['usage']): string => {
    head ??= makeOpenAIStreamHead('cmpl-', options);
    const body: OpenAICompletion = { id: head.id, object: 'text_completion', created: head.created, model: head.model, choices };
    if (options.includeUsage) body.usage = usage ?? null;
    return encodeSseData(JSON.stringify(body));
  };
  const textFrame = (text: string, finishReason: OpenAICompletionChoice['finish_reason'] = null): string =>
    frame([{ text, index: 0, logprobs: null, finish_reason: finishReason }]);

  for await (const part of readOpenAIStreamParts(events)) {
    switch (part.kind) {
      case 'start':
        head ??= { id: toOpenAICompletionId(part.id), created: part.created, model: part.model };
        break;
      case 'text':
        yield textFrame(part.text);
        break;
      case 'finish':
        yield textFrame('', encodeOpenAIFinishReason(part.reason));
        if (options.includeUsage) yield frame([], encodeOpenAIUsage(part.usage));
        yield SSE_DONE;
        return;
      case 'error':
        yield encodeOpenAIStreamError(part.error);
        return;
      case 'reasoning':
      case 'tool-start':
      case 'tool-delta':
      case 'metadata':
        break;
      default: {
        const unreachable: never = part;
        void unreachable;
      }
    }
  }
}
