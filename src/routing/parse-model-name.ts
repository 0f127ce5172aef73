import { invalidRequest } from '../core/proxy-error.js';
import { assertValidTags, splitTagList } from '../usage/tag-syntax.js';

export type ParsedModelName = {
  /** The name without its `@tags` suffix and without a trailing `:latest`. */
  name: string;
  /** Trimmed, without empty parts or duplicates, in order; not yet checked (see assertValidSuffixTags). */
  tags: string[];
};

/**
 * `model@tag1,tag2` → name + tags (for usage attribution); `name:latest` → `name`, because Ollama clients add
 * `:latest` to bare names. Other tags (`:free`, `:1b`) are part of the name. The suffix is always stripped, even
 * when header tags win.
 */
export function parseModelName(raw: string): ParsedModelName {
  const at = raw.indexOf('@');
  let name = at === -1 ? raw : raw.slice(0, at);
  const tags = at === -1 ? [] : splitTagList(raw.slice(at + 1));
  name = name.trim();
  if (name.toLowerCase().endsWith(':latest')) name = name.slice(0, -':latest'.length);
  if (name === '') throw invalidRequest('model is required', 'model');
  return { name, tags };
}

/**
 * A 400 naming the first suffix tag outside the tag syntax (src/usage/tag-syntax.ts). Only checked when the suffix
 * is the tag source that wins: tags from a header make the suffix irrelevant, so a bad one there is not an error.
 */
export function assertValidSuffixTags(tags: readonly string[]): void {
  assertValidTags(tags, 'the model name suffix', 'model');
}
