import { describe, expect, it } from 'vitest';
import { ProxyError } from '../../core/proxy-error.js';
import type { StreamEvent } from '../../core/stream-event.js';
import { parseSseFrames, replay } from './__fixtures__/openai-test-helpers.js';
import { encodeOpenAICompletionStream } from './encode-openai-completion-stream.js';

const head = { id: 'cmpl-1', object: 'text_completion', created: 1754000000, model: 'codestral-2508' };
const events: StreamEvent[] = [
  { type: 'start', id: 'chatcmpl-1', model: 'codestral-2508', created: 1754000000 },
  { type: 'block-start', index: 0, block: { kind: 'reasoning' } },
  { type: 'block-delta', index: 0, delta: 'hidden' },
  { type: 'block-start', index: 1, block: { kind: 'text' } },
  { type: 'block-delta', index: 1, delta: ' return' },
  { type: 'block-delta', index: 1, delta: ' a + b' },
  { type: 'finish', reason: { unified: 'stop' }, usage: { inputTokens: 6, outputTokens: 4 } },
];

const text = (t: string, finish_reason: string | null = null) => ({ ...head, choices: [{ text: t, index: 0, logprobs: null, finish_reason }] });

describe('encodeOpenAICompletionStream', () => {
  it('streams text deltas, a finish chunk and [DONE], dropping reasoning', async () => {
    expect(await parseSseFrames(encodeOpenAICompletionStream(replay(events), { model: 'm', includeUsage: false }))).toEqual([
      text(' return'),
      text(' a + b'),
      text('', 'stop'),
      '[DONE]',
    ]);
  });

  it('adds usage null to each chunk and a usage chunk before [DONE] with include_usage', async () => {
    const frames = await parseSseFrames(encodeOpenAICompletionStream(replay(events), { model: 'm', includeUsage: true }));
    expect(frames.slice(-3)).toEqual([
      { ...text('', 'stop'), usage: null },
      { ...head, choices: [], usage: { prompt_tokens: 6, completion_tokens: 4, total_tokens: 10 } },
      '[DONE]',
    ]);
  });

  it('ends with an error frame on an in-band error', async () => {
    const frames = await parseSseFrames(
      encodeOpenAICompletionStream(replay([...events.slice(0, 5), { type: 'error', error: new ProxyError('upstream_timeout', 'timed out') }]), {
        model: 'm',
        includeUsage: false,
      }),
    );
    expect(frames).toEqual([text(' return'), { error: { message: 'timed out', type: 'server_error', param: null, code: 'upstream_timeout' } }]);
  });
});
