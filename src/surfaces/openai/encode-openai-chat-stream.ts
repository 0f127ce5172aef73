import type { StreamEvent } from '../../core/stream-event.js';
import { encodeSseData } from '../../util/sse.js';
import { encodeOpenAIStreamError } from './encode-openai-error.js';
import { encodeOpenAIFinishReason } from './encode-openai-finish-reason.js';
import { encodeOpenAIMetadata } from './encode-openai-metadata.js';
import { encodeOpenAIUsage } from './encode-openai-usage.js';
import { makeOpenAIStreamHead, type OpenAIStreamHead, type OpenAIStreamOptions, SSE_DONE } from './openai-stream-head.js';
import type { OpenAIChatChunk, OpenAIChatDelta, OpenAIFinishReason, OpenAIMetadataFields } from './openai-wire.js';
import { readOpenAIStreamParts } from './read-openai-stream-parts.js';

/**
 * Canonical events → `chat.completion.chunk` SSE frames: a role chunk first, content / reasoning_content /
 * tool-call deltas, a finish chunk with `delta: {}`, the usage chunk (`choices: []`) when asked for, then [DONE].
 * A failure becomes one in-band error frame and ends the stream without [DONE]. Never throws.
 */
export async function* encodeOpenAIChatStream(events: AsyncIterable<StreamEvent>, options: OpenAIStreamOptions): AsyncGenerator<string> {
  let head: OpenAIStreamHead | undefined;
  let roleSent = false;
  let metadata: OpenAIMetadataFields = {};

  const frame = (chunk: Omit<OpenAIChatChunk, keyof OpenAIStreamHead | 'object'>): string => {
    head ??= makeOpenAIStreamHead('chatcmpl-', options);
    const body: OpenAIChatChunk = { id: head.id, object: 'chat.completion.chunk', created: head.created, model: head.model, ...chunk };
    return encodeSseData(JSON.stringify(body));
  };
  const choiceFrame = (delta: OpenAIChatDelta, finishReason: OpenAIFinishReason | null = null): string => {
    const chunk = { choices: [{ index: 0 as const, delta, logprobs: null, finish_reason: finishReason }], ...metadata };
    metadata = {};
    return frame(options.includeUsage ? { ...chunk, usage: null } : chunk);
  };

  for await (const part of readOpenAIStreamParts(events)) {
    if (part.kind === 'start') {
      head ??= { id: part.id, created: part.created, model: part.model };
      // The role chunk goes out as soon as the upstream answers, as OpenAI does: clients see the first byte early.
      if (!roleSent) {
        roleSent = true;
        yield choiceFrame({ role: 'assistant', content: '' });
      }
      continue;
    }
    if (part.kind === 'metadata') {
      metadata = { ...metadata, ...encodeOpenAIMetadata(part.metadata) };
      continue;
    }
    if (part.kind === 'error') {
      yield encodeOpenAIStreamError(part.error);
      return;
    }
    if (!roleSent) {
      roleSent = true;
      yield choiceFrame({ role: 'assistant', content: '' });
    }
    switch (part.kind) {
      case 'text':
        yield choiceFrame({ content: part.text });
        break;
      case 'reasoning':
        yield choiceFrame({ reasoning_content: part.text });
        break;
      case 'tool-start':
        yield choiceFrame({
          tool_calls: [{ index: part.toolIndex, id: part.id, type: 'function', function: { name: part.name, arguments: '' } }],
        });
        break;
      case 'tool-delta':
        yield choiceFrame({ tool_calls: [{ index: part.toolIndex, function: { arguments: part.fragment } }] });
        break;
      case 'finish':
        yield choiceFrame({}, encodeOpenAIFinishReason(part.reason));
        if (options.includeUsage) yield frame({ choices: [], usage: encodeOpenAIUsage(part.usage) });
        yield SSE_DONE;
        return;
      default: {
        const unreachable: never = part;
        void unreachable;
      }
    }
  }
}
