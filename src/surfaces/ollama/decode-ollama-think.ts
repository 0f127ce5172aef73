import type { ChatRequest } from '../../core/chat-request.js';
import { invalidRequest } from '../../core/proxy-error.js';

const LEVELS = ['low', 'medium', 'high', 'max'] as const;

/**
 * Ollama `think`: a bool or a level. Absent (or null) leaves the provider's default alone; anything else is
 * Ollama's own 400 `invalid think value`.
 */
export function decodeOllamaThink(think: unknown): ChatRequest['reasoning'] {
  if (think === undefined || think === null) return undefined;
  if (typeof think === 'boolean') return think;
  const level = LEVELS.find((candidate) => candidate === think);
  if (level === undefined) throw invalidRequest('invalid think value', 'think');
  return level;
}
