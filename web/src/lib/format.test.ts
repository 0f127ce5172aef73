import { describe, expect, it } from 'vitest';
import { formatCompact, formatCount, formatLatency, formatMicros, formatPercent, formatPrice, formatTokens, formatUsd } from './format.js';

describe('formatCount', () => {
  it('uses the singular for exactly one and the plural otherwise', () => {
    expect(formatCount(1, 'model')).toBe('1 model');
    expect(formatCount(0, 'model')).toBe('0 models');
    expect(formatCount(1234, 'alias', 'aliases')).toBe('1,234 aliases');
  });
});

describe('formatUsd', () => {
  it('shows whole dollars with cents and thousands separators', () => {
    expect(formatUsd(1234.5)).toBe('$1,234.50');
    expect(formatUsd(1)).toBe('$1.00');
  });

  it('keeps fractions of a cent visible below a dollar', () => {
    expect(formatUsd(0.5)).toBe('$0.50');
    expect(formatUsd(0.0123)).toBe('$0.0123');
    expect(formatUsd(0.000123)).toBe('$0.000123');
    expect(formatUsd(0.000001)).toBe('$0.000001');
    expect(formatUsd(0.123456)).toBe('$0.1235');
  });

  it('says zero plainly and marks amounts below a micro-dollar', () => {
    expect(formatUsd(0)).toBe('$0.00');
    expect(formatUsd(0.0000001)).toBe('<$0.000001');
  });

  it('keeps the sign of refunds and corrections', () => {
    expect(formatUsd(-2.5)).toBe('-$2.50');
    expect(formatUsd(-0.0042)).toBe('-$0.0042');
  });
});

describe('formatMicros', () => {
  it('turns integer micro-dollars into dollars', () => {
    expect(formatMicros(123)).toBe('$0.000123');
    expect(formatMicros(13_580_000)).toBe('$13.58');
  });

  it('shows a dash when no cost is known', () => {
    expect(formatMicros(null)).toBe('—');
  });
});

describe('number formats', () => {
  it('separates thousands in token counts and keeps "not reported" apart from zero', () => {
    expect(formatTokens(2_078_100)).toBe('2,078,100');
    expect(formatTokens(0)).toBe('0');
    expect(formatTokens(null)).toBe('—');
  });

  it('writes latencies in whole milliseconds', () => {
    expect(formatLatency(1351.6)).toBe('1,352 ms');
    expect(formatLatency(null)).toBe('—');
  });

  it('prices per million tokens like any amount', () => {
    expect(formatPrice(2.5)).toBe('$2.50');
    expect(formatPrice(0.075)).toBe('$0.075');
    expect(formatPrice(undefined)).toBe('—');
  });

  it('abbreviates context lengths', () => {
    expect(formatCompact(128_000)).toBe('128K');
    expect(formatCompact(1_048_576)).toBe('1M');
  });

  it('gives small error rates a decimal', () => {
    expect(formatPercent(132, 1206)).toBe('11%');
    expect(formatPercent(3, 1000)).toBe('0.3%');
    expect(formatPercent(0, 0)).toBe('0%');
  });
});
