import type { StreamEvent } from '../../core/stream-event.js';
import { formatOllamaTimestamp } from './format-ollama-timestamp.js';
import type { OllamaChatChunk, OllamaErrorBody } from './ollama-wire.js';
import { type OllamaStreamOptions, type OllamaStreamPart, readOllamaStreamParts } from './read-ollama-stream-parts.js';

function toChunk(part: OllamaStreamPart, head: { model: string; created_at: string }): OllamaChatChunk | OllamaErrorBody {
  switch (part.kind) {
    case 'content':
      return { ...head, message: { role: 'assistant', content: part.text }, done: false };
    case 'thinking':
      return { ...head, message: { role: 'assistant', content: '', thinking: part.text }, done: false };
    case 'tool-call':
      return { ...head, message: { role: 'assistant', content: '', tool_calls: [part.call] }, done: false };
    case 'done':
      return { ...head, message: { role: 'assistant', content: '' }, done: true, done_reason: part.doneReason, ...part.metrics };
    case 'error':
      return { error: part.message };
  }
}

/** Canonical events → `/api/chat` NDJSON lines (each `JSON.stringify(chunk) + '\n'`). Never throws. */
export async function* encodeOllamaChatStream(events: AsyncIterable<StreamEvent>, options: OllamaStreamOptions): AsyncGenerator<string> {
  for await (const part of readOllamaStreamParts(events, options)) {
    const head = { model: options.model, created_at: formatOllamaTimestamp(options.clock.now()) };
    yield `${JSON.stringify(toChunk(part, head))}\n`;
  }
}
