/**
 * Some models write their reasoning inside the content as `<think>…</think>` (Perplexity sonar-reasoning, raw
 * Groq). This splits it out as it streams; a tag may be cut across two chunks, so a possible partial tag is held back.
 */
export class ThinkTagSplitter {
  private inThink = false;
  private held = '';

  /** Feeds content text; returns the text and reasoning that are certain so far. */
  push(chunk: string): { text: string; reasoning: string } {
    let text = '';
    let reasoning = '';
    let buffer = this.held + chunk;
    this.held = '';
    for (;;) {
      const tag = this.inThink ? '</think>' : '<think>';
      const at = buffer.indexOf(tag);
      if (at === -1) {
        const keep = partialTagSuffix(buffer, tag);
        const certain = buffer.slice(0, buffer.length - keep);
        this.held = buffer.slice(buffer.length - keep);
        if (this.inThink) reasoning += certain;
        else text += certain;
        return { text, reasoning };
      }
      if (this.inThink) reasoning += buffer.slice(0, at);
      else text += buffer.slice(0, at);
      buffer = buffer.slice(at + tag.length);
      this.inThink = !this.inThink;
    }
  }

  /** What is still held back at the end of the stream. */
  flush(): { text: string; reasoning: string } {
    const rest = this.held;
    this.held = '';
    return this.inThink ? { text: '', reasoning: rest } : { text: rest, reasoning: '' };
  }
}

function partialTagSuffix(buffer: string, tag: string): number {
  for (let length = Math.min(tag.length - 1, buffer.length); length > 0; length--) {
    if (buffer.endsWith(tag.slice(0, length))) return length;
  }
  return 0;
}

/** Whole-text form, for non-stream responses. */
export function splitThinkTags(content: string): { text: string; reasoning: string } {
  const splitter = new ThinkTagSplitter();
  const first = splitter.push(content);
  const rest = splitter.flush();
  return { text: first.text + rest.text, reasoning: first.reasoning + rest.reasoning };
}
