import { createHash } from 'node:crypto';

/** What one answer of Gemini carried that the next request must bring back. */
export type TurnSignatures = {
  /** Every function call of the answer, with the signature it came with (Gemini 3 signs the first of a batch). */
  calls: Array<{ id: string; name: string; argumentsJson: string; signature?: string; upstreamId: boolean }>;
  /** The answer's text and the signature on its text parts, when there was one. */
  text?: { content: string; signature: string };
};

export type RecalledCall = {
  /** Undefined when none was issued, or when it was issued by another model (signatures are model-bound). */
  signature?: string;
  /** Gemini gave this call its own id: send it back in `functionCall.id` / `functionResponse.id`. */
  upstreamId: boolean;
};

type Entry = { model: string; signature?: string; upstreamId: boolean; chars: number };

/**
 * Gemini 3 returns a `thoughtSignature` with its function calls and rejects the next turn if the call comes back
 * without it; OpenAI and Ollama clients have no field to carry it. We keep signatures here, keyed by tool call id and
 * also by the call's name + arguments (older Ollama clients drop the ids), and text signatures by a hash of the text.
 * Bounded by entries and characters; the oldest go first. Process-wide, like DeepSeek's reasoning memory.
 */
export class ThoughtSignatureMemory {
  private readonly entries = new Map<string, Entry>();
  private totalChars = 0;

  constructor(
    private readonly maxEntries = 20_000,
    private readonly maxChars = 32 * 1024 * 1024,
  ) {}

  rememberTurn(model: string, turn: TurnSignatures): void {
    for (const call of turn.calls) {
      if (call.signature === undefined && !call.upstreamId) continue;
      const entry = { model, upstreamId: call.upstreamId, chars: call.signature?.length ?? 0, ...(call.signature ? { signature: call.signature } : {}) };
      this.put(`id:${call.id}`, entry);
      if (call.signature !== undefined) this.put(shapeKey(model, call.name, call.argumentsJson), { ...entry, upstreamId: false });
    }
    if (turn.text && turn.text.content !== '') {
      this.put(textKey(model, turn.text.content), { model, signature: turn.text.signature, upstreamId: false, chars: turn.text.signature.length });
    }
  }

  recallCall(model: string, call: { id: string; name: string; argumentsJson: string }): RecalledCall | undefined {
    const byId = this.entries.get(`id:${call.id}`);
    const byShape = byId?.signature === undefined ? this.entries.get(shapeKey(model, call.name, call.argumentsJson)) : undefined;
    if (!byId && !byShape) return undefined;
    const signed = [byId, byShape].find((entry) => entry?.signature !== undefined && entry.model === model);
    return { upstreamId: byId?.upstreamId ?? false, ...(signed?.signature ? { signature: signed.signature } : {}) };
  }

  /** Whether Gemini itself issued this call id (then it goes back in `functionCall.id` / `functionResponse.id`). */
  isUpstreamId(callId: string): boolean {
    return this.entries.get(`id:${callId}`)?.upstreamId === true;
  }

  recallText(model: string, content: string): string | undefined {
    if (content === '') return undefined;
    return this.entries.get(textKey(model, content))?.signature;
  }

  get size(): number {
    return this.entries.size;
  }

  private put(key: string, entry: Entry): void {
    const previous = this.entries.get(key);
    if (previous) {
      this.entries.delete(key);
      this.totalChars -= previous.chars;
    }
    this.entries.set(key, entry);
    this.totalChars += entry.chars;
    while (this.entries.size > this.maxEntries || (this.totalChars > this.maxChars && this.entries.size > 1)) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.totalChars -= this.entries.get(oldest)?.chars ?? 0;
      this.entries.delete(oldest);
    }
  }
}

function hash(text: string): string {
  return createHash('sha256').update(text).digest('base64url');
}

/** Arguments are normalised (a client may re-serialise them with other spacing). */
function shapeKey(model: string, name: string, argumentsJson: string): string {
  let normalized = argumentsJson;
  try {
    normalized = JSON.stringify(JSON.parse(argumentsJson === '' ? '{}' : argumentsJson));
  } catch {
    // Unparseable arguments are keyed as sent.
  }
  return `shape:${hash(`${model}\u0000${name}\u0000${normalized}`)}`;
}

function textKey(model: string, content: string): string {
  return `text:${hash(`${model}\u0000${content}`)}`;
}
