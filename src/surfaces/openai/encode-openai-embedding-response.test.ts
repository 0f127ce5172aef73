import { describe, expect, it } from 'vitest';
import { encodeFloat32Base64, encodeOpenAIEmbeddingResponse } from './encode-openai-embedding-response.js';

const response = { model: 'text-embedding-3-small', vectors: [[0.5, -1.25, 3], [0, 1e-3, -2]], usage: { inputTokens: 4 } };

describe('encodeOpenAIEmbeddingResponse', () => {
  it('answers float arrays when the client asked for float (or nothing)', () => {
    expect(encodeOpenAIEmbeddingResponse(response, 'float')).toEqual({
      object: 'list',
      data: [
        { object: 'embedding', index: 0, embedding: [0.5, -1.25, 3] },
        { object: 'embedding', index: 1, embedding: [0, 1e-3, -2] },
      ],
      model: 'text-embedding-3-small',
      usage: { prompt_tokens: 4, total_tokens: 4 },
    });
  });

  it('answers base64 little-endian float32 that decodes back to the same vector', () => {
    const out = encodeOpenAIEmbeddingResponse(response, 'base64');
    const encoded = out.data[1]?.embedding;
    expect(typeof encoded).toBe('string');
    const bytes = Buffer.from(encoded as string, 'base64');
    expect(bytes.length).toBe(12);
    const decoded = [0, 1, 2].map((i) => bytes.readFloatLE(i * 4));
    expect(decoded).toEqual([0, Math.fround(1e-3), -2]);
    expect(encodeFloat32Base64([1])).toBe(Buffer.from([0, 0, 0x80, 0x3f]).toString('base64'));
  });

  it('reports zero tokens when the upstream did not say', () => {
    expect(encodeOpenAIEmbeddingResponse({ ...response, usage: {} }, 'float').usage).toEqual({ prompt_tokens: 0, total_tokens: 0 });
  });
});
