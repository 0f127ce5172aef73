import type { StreamEvent } from '../../core/stream-event.js';

/**
 * Remembers the reasoning that came with tool calls, keyed by call id, for vendors that require it back on the next
 * turn (DeepSeek thinking mode) while OpenAI and Ollama clients drop it. Bounded: the oldest entries go first.
 */
export class ReasoningMemory {
  private readonly byCallId = new Map<string, string>();

  constructor(private readonly capacity: number) {}

  remember(callIds: readonly string[], reasoning: string): void {
    if (reasoning === '') return;
    for (const id of callIds) {
      this.byCallId.delete(id);
      this.byCallId.set(id, reasoning);
    }
    while (this.byCallId.size > this.capacity) {
      const oldest = this.byCallId.keys().next().value;
      if (oldest === undefined) break;
      this.byCallId.delete(oldest);
    }
  }

  recall(callId: string): string | undefined {
    return this.byCallId.get(callId);
  }
}

/** Passes events through unchanged, noting reasoning and tool-call ids, and remembers them at a clean finish. */
export async function* rememberStreamReasoning(events: AsyncIterable<StreamEvent>, memory: ReasoningMemory): AsyncGenerator<StreamEvent> {
  const reasoningBlocks = new Set<number>();
  const callIds: string[] = [];
  let reasoning = '';
  for await (const event of events) {
    if (event.type === 'block-start') {
      if (event.block.kind === 'reasoning') reasoningBlocks.add(event.index);
      else if (event.block.kind === 'tool-call') callIds.push(event.block.callId);
    } else if (event.type === 'block-delta' && reasoningBlocks.has(event.index)) {
      reasoning += event.delta;
    } else if (event.type === 'finish' && callIds.length > 0) {
      memory.remember(callIds, reasoning);
    }
    yield event;
  }
}
