import { invalidRequest } from '../core/proxy-error.js';

export type ParsedModelName = {
  /** The name without its `@tags` suffix and without a trailing `:latest`. */
  name: string;
  tags: string[];
};

/**
 * `model@tag1,tag2` → name + tags (for usage attribution); `name:latest` → `name`, because Ollama clients add
 * `:latest` to bare names. Other tags (`:free`, `:1b`) are part of the name.
 */
export function parseModelName(raw: string): ParsedModelName {
  const at = raw.indexOf('@');
  let name = at === -1 ? raw : raw.slice(0, at);
  const tags =
    at === -1
      ? []
      : [...new Set(raw.slice(at + 1).split(',').map((tag) => tag.trim()).filter((tag) => tag !== ''))];
  name = name.trim();
  if (name.toLowerCase().endsWith(':latest')) name = name.slice(0, -':latest'.length);
  if (name === '') throw invalidRequest('model is required', 'model');
  return { name, tags };
}
