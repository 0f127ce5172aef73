import { ProxyError } from '../core/proxy-error.js';

/** The longest tag we accept; a bearer part longer than this is taken for a secret, never a tag. */
export const TAG_MAX_LENGTH = 64;

/**
 * A tag is 1 to 64 ASCII characters: letters, digits and `_ - . : /`. No spaces, commas, `@` or quotes: tags travel
 * in comma lists (headers, the model suffix, admin filters), in CSV exports and in URLs, and this set needs no
 * escaping in any of them. Case is kept (`Team` and `team` are two tags).
 */
const TAG_PATTERN = /^[A-Za-z0-9_.:/-]{1,64}$/;

export const TAG_CHARACTERS_DESCRIPTION = `1-${TAG_MAX_LENGTH} characters: letters, digits, _ - . : /`;

export function isValidTag(tag: string): boolean {
  return TAG_PATTERN.test(tag);
}

/** `" a, b,,a "` → `['a', 'b']`: trimmed, empty parts and duplicates dropped, first-seen order kept. */
export function splitTagList(value: string): string[] {
  const tags: string[] = [];
  for (const part of value.split(',')) {
    const tag = part.trim();
    if (tag !== '' && !tags.includes(tag)) tags.push(tag);
  }
  return tags;
}

/** Shown in error messages: a client's mistake can be long, the message stays short. */
function shorten(tag: string): string {
  return tag.length <= TAG_MAX_LENGTH + 16 ? tag : `${tag.slice(0, TAG_MAX_LENGTH)}…`;
}

/** Throws a 400 naming the first tag that breaks the syntax; `source` says where it came from. */
export function assertValidTags(tags: readonly string[], source: string, param?: string): void {
  for (const tag of tags) {
    if (isValidTag(tag)) continue;
    throw new ProxyError('invalid_request', `invalid tag '${shorten(tag)}' in ${source}: a tag is ${TAG_CHARACTERS_DESCRIPTION}`, param === undefined ? {} : { param });
  }
}
