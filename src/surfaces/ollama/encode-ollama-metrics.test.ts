import { describe, expect, it } from 'vitest';
import { encodeOllamaMetrics } from './encode-ollama-metrics.js';

describe('encodeOllamaMetrics', () => {
  it('splits wall-clock time at the first delta, in integer nanoseconds', () => {
    expect(encodeOllamaMetrics({ inputTokens: 26, outputTokens: 282 }, { startNs: 100n, firstDeltaNs: 342_546_100n, endNs: 4_878_145_100n })).toEqual({
      total_duration: 4_878_145_000,
      load_duration: 0,
      prompt_eval_count: 26,
      prompt_eval_duration: 342_546_000,
      eval_count: 282,
      eval_duration: 4_535_599_000,
    });
  });

  it('keeps both durations at least 1 and never invents counts', () => {
    expect(encodeOllamaMetrics({ reasoningTokens: 3 }, { startNs: 5n, firstDeltaNs: 5n, endNs: 5n })).toEqual({
      total_duration: 2,
      load_duration: 0,
      prompt_eval_duration: 1,
      eval_duration: 1,
    });
  });

  it('counts a non-streamed answer as all eval', () => {
    expect(encodeOllamaMetrics({ inputTokens: 0, outputTokens: 1 }, { startNs: 0n, endNs: 10n })).toMatchObject({
      prompt_eval_count: 0,
      prompt_eval_duration: 1,
      eval_duration: 10,
      total_duration: 11,
    });
  });
});
