import { describe, expect, it } from 'vitest';
import { toProxyError } from '../../util/to-proxy-error.js';
import { thrown } from './__fixtures__/openai-test-helpers.js';
import { decodeOpenAICompletionRequest } from './decode-openai-completion-request.js';

function failure(body: unknown) {
  return toProxyError(thrown(() => decodeOpenAICompletionRequest(body)));
}

describe('decodeOpenAICompletionRequest', () => {
  it('turns the prompt into one user message and keeps it (with the suffix) for text-completion upstreams', () => {
    expect(
      decodeOpenAICompletionRequest({
        model: 'mistral/codestral',
        prompt: 'def add(a, b):',
        suffix: '\n\nprint(add(1, 2))',
        max_tokens: 32,
        temperature: 0,
        stop: ['\n\n'],
        stream: true,
        stream_options: { include_usage: true },
      }),
    ).toEqual({
      request: {
        model: 'mistral/codestral',
        messages: [{ role: 'user', content: [{ type: 'text', text: 'def add(a, b):' }] }],
        stream: true,
        prompt: { text: 'def add(a, b):', suffix: '\n\nprint(add(1, 2))' },
        maxTokens: 32,
        temperature: 0,
        stop: ['\n\n'],
      },
      includeUsage: true,
    });
  });

  it('accepts an array holding one prompt and passes logprobs on in chat form', () => {
    const { request } = decodeOpenAICompletionRequest({ model: 'm', prompt: ['Once'], logprobs: 2, logit_bias: { '1': 5 } });
    expect(request.prompt).toEqual({ text: 'Once' });
    expect(request.stream).toBe(false);
    expect(request.passthrough).toEqual({ logit_bias: { '1': 5 }, logprobs: true, top_logprobs: 2 });
  });

  it('rejects missing prompts, several prompts, token arrays, echo, n > 1 and best_of > 1', () => {
    expect(failure({ model: 'm' })).toMatchObject({ status: 400, info: { param: 'prompt' } });
    expect(failure({ model: 'm', prompt: ['a', 'b'] })).toMatchObject({ status: 400, info: { param: 'prompt' } });
    expect(failure({ model: 'm', prompt: [1, 2, 3] })).toMatchObject({ status: 400, code: 'unsupported', info: { param: 'prompt' } });
    expect(failure({ model: 'm', prompt: [[1, 2]] })).toMatchObject({ status: 400, info: { param: 'prompt' } });
    expect(failure({ model: 'm', prompt: 'x', echo: true })).toMatchObject({ status: 400, info: { param: 'echo' } });
    expect(failure({ model: 'm', prompt: 'x', n: 3 })).toMatchObject({ status: 400, info: { param: 'n' } });
    expect(failure({ model: 'm', prompt: 'x', best_of: 2 })).toMatchObject({ status: 400, info: { param: 'best_of' } });
    expect(failure({ prompt: 'x' })).toMatchObject({ status: 400, info: { param: 'model' } });
  });
});
