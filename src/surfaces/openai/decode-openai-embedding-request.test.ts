import { describe, expect, it } from 'vitest';
import { toProxyError } from '../../util/to-proxy-error.js';
import { thrown } from './__fixtures__/openai-test-helpers.js';
import { decodeOpenAIEmbeddingRequest } from './decode-openai-embedding-request.js';

function failure(body: unknown) {
  return toProxyError(thrown(() => decodeOpenAIEmbeddingRequest(body)));
}

describe('decodeOpenAIEmbeddingRequest', () => {
  it('accepts a string or strings, defaulting to float encoding', () => {
    expect(decodeOpenAIEmbeddingRequest({ model: 'openai/text-embedding-3-small', input: 'hello' })).toEqual({
      request: { model: 'openai/text-embedding-3-small', inputs: ['hello'] },
      encodingFormat: 'float',
    });
    expect(decodeOpenAIEmbeddingRequest({ model: 'm', input: ['a', 'b'], encoding_format: 'base64', dimensions: 256, user: 'u' })).toEqual({
      request: { model: 'm', inputs: ['a', 'b'], dimensions: 256, user: 'u' },
      encodingFormat: 'base64',
    });
  });

  it('rejects token arrays, empty or missing input and unknown encodings', () => {
    expect(failure({ model: 'm', input: [1, 2] })).toMatchObject({ status: 400, code: 'unsupported', info: { param: 'input' } });
    expect(failure({ model: 'm', input: [[1, 2]] })).toMatchObject({ status: 400, info: { param: 'input' } });
    expect(failure({ model: 'm', input: [] })).toMatchObject({ status: 400, info: { param: 'input' } });
    expect(failure({ model: 'm' })).toMatchObject({ status: 400, info: { param: 'input' } });
    expect(failure({ model: 'm', input: 'x', encoding_format: 'int8' })).toMatchObject({ status: 400, info: { param: 'encoding_format' } });
    expect(failure({ input: 'x' })).toMatchObject({ status: 400, info: { param: 'model' } });
  });
});
