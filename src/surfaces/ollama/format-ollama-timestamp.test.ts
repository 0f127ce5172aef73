import { describe, expect, it } from 'vitest';
import { formatOllamaTimestamp } from './format-ollama-timestamp.js';

describe('formatOllamaTimestamp', () => {
  it('writes UTC with exactly nine fractional digits and Z', () => {
    expect(formatOllamaTimestamp(new Date('2026-08-01T10:00:00.184Z'))).toBe('2026-08-01T10:00:00.184000000Z');
    expect(formatOllamaTimestamp(new Date(Date.UTC(2026, 0, 2, 3, 4, 5)))).toBe('2026-01-02T03:04:05.000000000Z');
    expect(formatOllamaTimestamp(new Date())).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{9}Z$/);
  });
});
