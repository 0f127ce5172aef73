import type { BlockKind, StreamEvent } from '../../core/stream-event.js';
import { randomId } from '../../util/ids.js';
import { encodeSseEvent } from '../../util/sse.js';
import type { AnthropicContentBlock, AnthropicContentDelta, AnthropicStreamEvent } from './anthropic-wire.js';
import { toAnthropicMessageId, toAnthropicToolUseId } from './encode-anthropic-content.js';
import { encodeAnthropicStreamError } from './encode-anthropic-error.js';
import type { AnthropicEncodeOptions } from './encode-anthropic-response.js';
import { encodeAnthropicStopReason } from './encode-anthropic-stop-reason.js';
import { encodeAnthropicDeltaUsage } from './encode-anthropic-usage.js';
import { readAnthropicStreamParts } from './read-anthropic-stream-parts.js';

export type AnthropicStreamOptions = AnthropicEncodeOptions & {
  /**
   * Input tokens for `message_start`, where Anthropic reports them before any output. Our upstreams report usage only
   * at the end, so this is an estimate; the real counts follow in `message_delta` (SDKs since 2025 take them from
   * there; older ones keep this one).
   */
  estimatedInputTokens: number;
};

/** Every frame carries its type twice: the SDK dispatches on the `event:` line, other clients read `data.type`. */
function frame(event: AnthropicStreamEvent): string {
  return encodeSseEvent(event.type, JSON.stringify(event));
}

function startBlock(block: BlockKind): AnthropicContentBlock {
  switch (block.kind) {
    case 'text':
      return { type: 'text', text: '' };
    case 'reasoning':
      return { type: 'thinking', thinking: '', signature: '' };
    case 'tool-call':
      return { type: 'tool_use', id: toAnthropicToolUseId(block.callId), name: block.name, input: {} };
    default: {
      const unreachable: never = block;
      return unreachable;
    }
  }
}

function delta(block: BlockKind, text: string): AnthropicContentDelta {
  switch (block.kind) {
    case 'text':
      return { type: 'text_delta', text };
    case 'reasoning':
      return { type: 'thinking_delta', thinking: text };
    case 'tool-call':
      return { type: 'input_json_delta', partial_json: text };
    default: {
      const unreachable: never = block;
      return unreachable;
    }
  }
}

/**
 * Canonical events → the Messages SSE sequence (anthropic-api.md §4): message_start (empty content, stop_reason
 * null) and a ping as soon as the upstream answers, content_block_start / _delta / _stop per block, then
 * message_delta (stop reason and final usage) and message_stop. A failure becomes one `event: error` frame that
 * ends the stream. Frames are yielded as events arrive; this generator never throws.
 */
export async function* encodeAnthropicStream(events: AsyncIterable<StreamEvent>, options: AnthropicStreamOptions): AsyncGenerator<string> {
  let started = false;
  const messageStart = (id: string): string =>
    frame({
      type: 'message_start',
      message: {
        id,
        type: 'message',
        role: 'assistant',
        model: options.model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: options.estimatedInputTokens, output_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
      },
    });

  for await (const part of readAnthropicStreamParts(events)) {
    if (part.kind === 'error') {
      yield encodeAnthropicStreamError(part.error);
      return;
    }
    if (!started) {
      started = true;
      yield messageStart(part.kind === 'start' ? toAnthropicMessageId(part.id) : randomId('msg_'));
      yield frame({ type: 'ping' });
    }
    switch (part.kind) {
      case 'start':
        break;
      case 'block-start':
        yield frame({ type: 'content_block_start', index: part.index, content_block: startBlock(part.block) });
        break;
      case 'block-delta':
        yield frame({ type: 'content_block_delta', index: part.index, delta: delta(part.block, part.delta) });
        break;
      case 'block-stop':
        yield frame({ type: 'content_block_stop', index: part.index });
        break;
      case 'finish': {
        const stop = encodeAnthropicStopReason(part.reason, { sawToolCall: part.sawToolCall, stopSequences: options.stopSequences });
        yield frame({ type: 'message_delta', delta: stop, usage: encodeAnthropicDeltaUsage(part.usage) });
        yield frame({ type: 'message_stop' });
        return;
      }
      default: {
        const unreachable: never = part;
        void unreachable;
      }
    }
  }
}
