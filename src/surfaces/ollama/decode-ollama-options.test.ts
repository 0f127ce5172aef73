import { describe, expect, it } from 'vitest';
import { decodeOllamaOptions } from './decode-ollama-options.js';

describe('decodeOllamaOptions', () => {
  it('returns nothing for absent options', () => {
    expect(decodeOllamaOptions(undefined)).toEqual({ params: {}, ignored: [] });
    expect(decodeOllamaOptions(null)).toEqual({ params: {}, ignored: [] });
  });

  it('leaves maxTokens unset for num_predict -1 (unlimited) and -2 (fill context), and seed -1 (random)', () => {
    expect(decodeOllamaOptions({ num_predict: -1, seed: -1 }).params).toEqual({});
    expect(decodeOllamaOptions({ num_predict: -2 }).params).toEqual({});
    expect(decodeOllamaOptions({ num_predict: 1 }).params).toEqual({ maxTokens: 1 });
  });

  it('accepts a single stop string leniently and drops empty stops', () => {
    expect(decodeOllamaOptions({ stop: '\n\n' }).params).toEqual({ stop: ['\n\n'] });
    expect(decodeOllamaOptions({ stop: ['', 'END'] }).params).toEqual({ stop: ['END'] });
    expect(decodeOllamaOptions({ stop: [] }).params).toEqual({});
  });

  it('treats null values as absent and reports unmapped keys as ignored', () => {
    expect(decodeOllamaOptions({ temperature: null, num_ctx: 4096, mirostat: 0, use_mmap: true })).toEqual({
      params: {},
      ignored: ['num_ctx', 'mirostat', 'use_mmap'],
    });
  });
});
