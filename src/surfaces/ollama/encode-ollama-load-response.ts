import { formatOllamaTimestamp } from './format-ollama-timestamp.js';
import type { OllamaChatChunk, OllamaGenerateChunk } from './ollama-wire.js';

type LoadAnswer = { model: string; doneReason: 'load' | 'unload'; createdAt: Date };

/** The instant local answer to `/api/chat` with no messages (a load or unload probe). */
export function encodeOllamaChatLoadResponse({ model, doneReason, createdAt }: LoadAnswer): OllamaChatChunk {
  return {
    model,
    created_at: formatOllamaTimestamp(createdAt),
    message: { role: 'assistant', content: '' },
    done: true,
    done_reason: doneReason,
  };
}

/** The instant local answer to `/api/generate` with an empty prompt (Open WebUI's "unload" button). */
export function encodeOllamaGenerateLoadResponse({ model, doneReason, createdAt }: LoadAnswer): OllamaGenerateChunk {
  return { model, created_at: formatOllamaTimestamp(createdAt), response: '', done: true, done_reason: doneReason };
}
