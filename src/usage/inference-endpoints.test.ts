import { describe, expect, it } from 'vitest';
import { inferenceSurface, streamRequested } from './inference-endpoints.js';

describe('inferenceSurface', () => {
  it('maps each inference route to its surface by path', () => {
    expect(['/api/chat', '/api/generate', '/api/embed', '/api/embeddings'].map((url) => inferenceSurface('POST', url))).toEqual(Array(4).fill('ollama'));
    expect(['/v1/chat/completions', '/v1/completions', '/v1/embeddings'].map((url) => inferenceSurface('POST', url))).toEqual(Array(3).fill('openai'));
    expect(inferenceSurface('POST', '/v1/messages')).toBe('anthropic');
    expect(inferenceSurface(['POST', 'PUT'], '/api/chat')).toBe('ollama');
  });

  it('leaves listings, other methods and unknown paths alone', () => {
    expect(inferenceSurface('GET', '/api/tags')).toBeUndefined();
    expect(inferenceSurface('POST', '/api/show')).toBeUndefined();
    expect(inferenceSurface('GET', '/v1/models')).toBeUndefined();
    expect(inferenceSurface('POST', '/v1/messages/count_tokens')).toBeUndefined();
    expect(inferenceSurface('GET', '/api/chat')).toBeUndefined();
  });
});

describe('streamRequested', () => {
  it('reads the body, with each surface default', () => {
    expect(streamRequested('/api/chat', {})).toBe(true);
    expect(streamRequested('/api/generate', { stream: false })).toBe(false);
    expect(streamRequested('/v1/chat/completions', {})).toBe(false);
    expect(streamRequested('/v1/messages', { stream: true })).toBe(true);
    expect(streamRequested('/api/embed', undefined)).toBe(false);
    expect(streamRequested('/api/chat', 'not json')).toBe(true);
  });
});
