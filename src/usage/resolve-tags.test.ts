import { describe, expect, it } from 'vitest';
import { ProxyError } from '../core/proxy-error.js';
import { looksLikeSecret } from './looks-like-secret.js';
import { recordTags, resolveHeaderTags } from './resolve-tags.js';
import { isValidTag, splitTagList } from './tag-syntax.js';

function errorOf(run: () => unknown): ProxyError {
  try {
    run();
  } catch (error) {
    if (ProxyError.is(error)) return error;
    throw error;
  }
  throw new Error('expected a ProxyError');
}

describe('tag syntax', () => {
  it('splits comma lists: trimmed, empty parts and duplicates dropped, order kept', () => {
    expect(splitTagList(' b , a,,b, ,c ')).toEqual(['b', 'a', 'c']);
    expect(splitTagList('')).toEqual([]);
    expect(splitTagList(' , ')).toEqual([]);
  });

  it('accepts letters, digits and _ - . : / up to 64 characters', () => {
    for (const tag of ['a', 'team-a', 'ci_build.42', 'env:prod', 'org/team', 'Z'.repeat(64)]) expect(isValidTag(tag), tag).toBe(true);
    for (const tag of ['', 'a b', 'a@b', 'a,b', 'é', 'a+b', "a'b", 'x'.repeat(65)]) expect(isValidTag(tag), tag).toBe(false);
  });
});

describe('looksLikeSecret', () => {
  it('recognises known key prefixes and JWTs', () => {
    for (const value of ['sk-abc', 'sk_live_1', 'sk-ant-api03-x', 'sk-or-v1-x', 'gsk_x', 'xai-x', 'pplx-x', 'AIzaSyx', 'ghp_x', 'github_pat_x', 'hf_x', 'eyJhbGciOi.eyJzdWIi.sig']) {
      expect(looksLikeSecret(value), value).toBe(true);
    }
  });

  it('treats values longer than a tag, base64 padding and long random runs as secrets', () => {
    expect(looksLikeSecret('a'.repeat(65))).toBe(true);
    expect(looksLikeSecret('dGVzdA==')).toBe(true);
    expect(looksLikeSecret('3f9a0c1b7e2d4f6a8b0c1d2e3f4a5b6c')).toBe(true);
  });

  it('leaves names people pick alone', () => {
    for (const value of ['team-a', 'ollama', 'unused', 'EMPTY', 'project-2024-frontend-team', 'a'.repeat(64)]) {
      expect(looksLikeSecret(value), value).toBe(false);
    }
  });
});

describe('resolveHeaderTags', () => {
  it('takes the bearer token first, then X-Proxy-Tag', () => {
    expect(resolveHeaderTags({ authorization: 'Bearer team-a, ci', 'x-proxy-tag': 'other' })).toEqual(['team-a', 'ci']);
    expect(resolveHeaderTags({ 'x-proxy-tag': ' b,a,b ' })).toEqual(['b', 'a']);
    expect(resolveHeaderTags({ authorization: 'bearer   lower' })).toEqual(['lower']);
    expect(resolveHeaderTags({})).toBeUndefined();
  });

  it('treats an empty bearer token, or a non-Bearer scheme, as no tag', () => {
    expect(resolveHeaderTags({ authorization: 'Bearer ', 'x-proxy-tag': 'fallback' })).toEqual(['fallback']);
    expect(resolveHeaderTags({ authorization: 'Bearer , ,' })).toBeUndefined();
    expect(resolveHeaderTags({ authorization: 'Bearer' })).toBeUndefined();
    expect(resolveHeaderTags({ authorization: 'Basic dXNlcjpwYXNz', 'x-proxy-tag': 'fallback' })).toEqual(['fallback']);
    expect(resolveHeaderTags({ 'x-proxy-tag': ' , ' })).toBeUndefined();
  });

  it('falls through a secret-looking bearer value, even one part of it, without an error', () => {
    const key = 'sk-proj-abcdefghijklmnopqrstuvwxyz0123456789';
    expect(resolveHeaderTags({ authorization: `Bearer ${key}`, 'x-proxy-tag': 'team-a' })).toEqual(['team-a']);
    expect(resolveHeaderTags({ authorization: `Bearer team-a,${key}` })).toBeUndefined();
    expect(resolveHeaderTags({ authorization: `Bearer ${'t'.repeat(65)}` })).toBeUndefined();
  });

  it('joins a repeated X-Proxy-Tag header into one list', () => {
    expect(resolveHeaderTags({ 'x-proxy-tag': ['a,b', 'b,c'] })).toEqual(['a', 'b', 'c']);
  });

  it('rejects a bad tag from the winning header with a 400 naming it', () => {
    const fromHeader = errorOf(() => resolveHeaderTags({ 'x-proxy-tag': 'ok, not ok' }));
    expect(fromHeader.code).toBe('invalid_request');
    expect(fromHeader.status).toBe(400);
    expect(fromHeader.message).toContain("'not ok'");
    expect(fromHeader.message).toContain('X-Proxy-Tag');
    const fromBearer = errorOf(() => resolveHeaderTags({ authorization: 'Bearer team a', 'x-proxy-tag': 'fine' }));
    expect(fromBearer.message).toContain("'team a'");
    expect(fromBearer.message).toContain('Authorization');
  });

  it('ignores X-Proxy-Tag (good or bad) when the bearer token wins', () => {
    expect(resolveHeaderTags({ authorization: 'Bearer a', 'x-proxy-tag': 'not ok!' })).toEqual(['a']);
  });
});

describe('recordTags', () => {
  it('uses the trace tags, else the default tag', () => {
    expect(recordTags(['a', 'b'], 'default')).toEqual(['a', 'b']);
    expect(recordTags(undefined, 'default')).toEqual(['default']);
    expect(recordTags([], 'house')).toEqual(['house']);
  });
});
