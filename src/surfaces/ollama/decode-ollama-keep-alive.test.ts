import { describe, expect, it } from 'vitest';
import { isOllamaUnloadKeepAlive } from './decode-ollama-keep-alive.js';

describe('isOllamaUnloadKeepAlive', () => {
  it.each([0, '0', '0s', '0m', '0.0h'])('%j unloads', (value) => {
    expect(isOllamaUnloadKeepAlive(value)).toBe(true);
  });

  it.each([undefined, null, -1, '-1', 1800, '5m', '10s', ''])('%j does not unload', (value) => {
    expect(isOllamaUnloadKeepAlive(value)).toBe(false);
  });
});
