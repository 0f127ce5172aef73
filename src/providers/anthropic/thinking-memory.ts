import type { AnthropicSignedThinking } from './anthropic-wire.js';

/**
 * How one assistant turn interleaved its signed thinking with its tool calls (adaptive thinking may think again
 * between two calls), so the turn can be rebuilt in the original order.
 */
export type ThinkingLayoutItem = AnthropicSignedThinking | { type: 'tool_use'; id: string };

type Entry = { model: string; layout: ThinkingLayoutItem[]; callIds: string[]; chars: number };

/**
 * Anthropic requires the signed thinking blocks of a tool-use turn back with the tool results (400 otherwise), but
 * OpenAI and Ollama clients drop them. We keep them here, keyed by tool call id, and put them back when the call
 * returns. Signatures are bound to the model that made them, so the model is part of the entry. Bounded by entries
 * and by total characters; the oldest go first.
 */
export class ThinkingMemory {
  private readonly byCallId = new Map<string, Entry>();
  /** Insertion order is age. */
  private readonly entries = new Set<Entry>();
  private totalChars = 0;

  constructor(
    private readonly maxEntries = 5_000,
    private readonly maxChars = 32 * 1024 * 1024,
  ) {}

  /** Remembers a turn's layout if it has signed thinking and tool calls; otherwise does nothing. */
  remember(model: string, layout: readonly ThinkingLayoutItem[]): void {
    const callIds = layout.flatMap((item) => (item.type === 'tool_use' ? [item.id] : []));
    const signed = layout.filter((item) => item.type !== 'tool_use');
    if (callIds.length === 0 || signed.length === 0) return;
    let chars = 0;
    for (const item of signed) chars += item.type === 'thinking' ? item.thinking.length + item.signature.length : item.data.length;
    const entry: Entry = { model, layout: [...layout], callIds, chars };
    for (const id of callIds) {
      const previous = this.byCallId.get(id);
      if (previous) this.forget(previous);
    }
    for (const id of callIds) this.byCallId.set(id, entry);
    this.entries.add(entry);
    this.totalChars += chars;
    while (this.entries.size > this.maxEntries || (this.totalChars > this.maxChars && this.entries.size > 1)) {
      const oldest = this.entries.values().next().value;
      if (oldest === undefined) break;
      this.forget(oldest);
    }
  }

  /** The layout of the turn that made this call, if it came from the same model. */
  recall(model: string, callId: string): readonly ThinkingLayoutItem[] | undefined {
    const entry = this.byCallId.get(callId);
    return entry && entry.model === model ? entry.layout : undefined;
  }

  get size(): number {
    return this.entries.size;
  }

  private forget(entry: Entry): void {
    if (!this.entries.delete(entry)) return;
    this.totalChars -= entry.chars;
    for (const id of entry.callIds) {
      if (this.byCallId.get(id) === entry) this.byCallId.delete(id);
    }
  }
}
