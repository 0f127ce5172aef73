import type { IncomingHttpHeaders } from 'node:http';
import { looksLikeSecret } from './looks-like-secret.js';
import { assertValidTags, splitTagList } from './tag-syntax.js';

const BEARER = /^bearer[ \t]+/i;

/** The bearer value's tags, or undefined when there is no usable one (absent, empty, not Bearer, a secret). */
function bearerTags(authorization: string | undefined): string[] | undefined {
  if (authorization === undefined) return undefined;
  const match = BEARER.exec(authorization);
  if (match === null) return undefined;
  const tags = splitTagList(authorization.slice(match[0].length));
  if (tags.length === 0) return undefined;
  // One secret-looking part discards the whole value: a key next to a tag is still a key.
  for (const tag of tags) if (looksLikeSecret(tag)) return undefined;
  return tags;
}

/** A repeated header arrives as an array; its values are one comma list, as HTTP says. */
function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(',') : value;
}

/**
 * Tags from the request headers, in priority order: `Authorization: Bearer a,b`, then `X-Proxy-Tag: a,b`.
 * Undefined when neither gives a tag, so the model suffix (`model@a,b`, handled by the gateway) and then the
 * default tag setting apply. A bad tag in the winning header is a 400 naming it; a bearer value that looks like a
 * secret is skipped without ever appearing in an error, a log or a record.
 */
export function resolveHeaderTags(headers: IncomingHttpHeaders): string[] | undefined {
  const fromBearer = bearerTags(headers.authorization);
  if (fromBearer !== undefined) {
    assertValidTags(fromBearer, 'the Authorization bearer token');
    return fromBearer;
  }
  const proxyTag = headerValue(headers['x-proxy-tag']);
  if (proxyTag === undefined) return undefined;
  const fromHeader = splitTagList(proxyTag);
  if (fromHeader.length === 0) return undefined;
  assertValidTags(fromHeader, 'the X-Proxy-Tag header');
  return fromHeader;
}

/** The tags a record gets: header or model-suffix tags (already in the trace), else the default tag setting. */
export function recordTags(traceTags: string[] | undefined, defaultTag: string): string[] {
  return traceTags !== undefined && traceTags.length > 0 ? traceTags : [defaultTag];
}
