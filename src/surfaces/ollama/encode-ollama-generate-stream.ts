import type { StreamEvent } from '../../core/stream-event.js';
import { formatOllamaTimestamp } from './format-ollama-timestamp.js';
import type { OllamaErrorBody, OllamaGenerateChunk } from './ollama-wire.js';
import { type OllamaStreamOptions, type OllamaStreamPart, readOllamaStreamParts } from './read-ollama-stream-parts.js';

function toChunk(
  part: Exclude<OllamaStreamPart, { kind: 'tool-call' }>,
  head: { model: string; created_at: string },
): OllamaGenerateChunk | OllamaErrorBody {
  switch (part.kind) {
    case 'content':
      return { ...head, response: part.text, done: false };
    case 'thinking':
      return { ...head, response: '', thinking: part.text, done: false };
    case 'done':
      return { ...head, response: '', done: true, done_reason: part.doneReason, ...part.metrics };
    case 'error':
      return { error: part.message };
  }
}

/** Canonical events → `/api/generate` NDJSON lines: `response` instead of `message`, no tool calls. Never throws. */
export async function* encodeOllamaGenerateStream(events: AsyncIterable<StreamEvent>, options: OllamaStreamOptions): AsyncGenerator<string> {
  for await (const part of readOllamaStreamParts(events, options)) {
    if (part.kind === 'tool-call') continue;
    const head = { model: options.model, created_at: formatOllamaTimestamp(options.clock.now()) };
    yield `${JSON.stringify(toChunk(part, head))}\n`;
  }
}
