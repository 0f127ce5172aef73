import { describe, expect, it } from 'vitest';
import { decodeOllamaEmbeddingsRequest, decodeOllamaEmbedRequest } from './decode-ollama-embed-request.js';

describe('decodeOllamaEmbedRequest', () => {
  it('accepts a string or a string array, with dimensions; truncate is ignored', () => {
    expect(decodeOllamaEmbedRequest({ model: 'e', input: 'alpha', truncate: true })).toEqual({ model: 'e', inputs: ['alpha'] });
    expect(decodeOllamaEmbedRequest({ model: 'e', input: ['a', 'b'], dimensions: 256 })).toEqual({ model: 'e', inputs: ['a', 'b'], dimensions: 256 });
    expect(decodeOllamaEmbedRequest({ model: 'e' })).toEqual({ model: 'e', inputs: [] });
  });

  it('rejects other input types and a missing model', () => {
    expect(() => decodeOllamaEmbedRequest({ model: 'e', input: [1, 2] })).toThrow('invalid input type');
    expect(() => decodeOllamaEmbedRequest({ model: 'e', input: { a: 1 } })).toThrow('invalid input type');
    expect(() => decodeOllamaEmbedRequest({ input: 'x' })).toThrow('model is required');
  });
});

describe('decodeOllamaEmbeddingsRequest', () => {
  it('turns the legacy prompt into one input', () => {
    expect(decodeOllamaEmbeddingsRequest({ model: 'e', prompt: 'alpha' })).toEqual({ model: 'e', inputs: ['alpha'] });
    expect(decodeOllamaEmbeddingsRequest({ model: 'e', prompt: '' })).toEqual({ model: 'e', inputs: [] });
  });
});
