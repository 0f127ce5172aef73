import { describe, expect, it } from 'vitest';
import type { TimeSeriesPoint } from '../../api/types.js';
import {
  drillDown, fillTimeSeries, readUsageViewState, removeFilter, resolveRange, toUsageQuery, writeUsageViewState,
} from './usage-view-state.js';

const HOUR = 3_600_000;
const DAY = 86_400_000;
const local = (y: number, m: number, d: number, h = 0) => new Date(y, m - 1, d, h).getTime();

describe('usage view state in the URL', () => {
  it('defaults to the last 7 days, requests, page 1, no filters', () => {
    expect(readUsageViewState(new URLSearchParams())).toEqual({
      range: '7d', from: '', to: '', tag: [], provider: [], model: [], client: [], metric: 'requests', page: 1,
    });
  });

  it('round-trips filters, including values with commas, spaces and markup', () => {
    const params = new URLSearchParams('range=custom&from=2026-03-01&to=2026-03-05&tag=a&tag=<script>x</script>&model=openrouter/meta/llama:free&client=host,with,commas&metric=cost&page=3');
    const state = readUsageViewState(params);
    expect(state).toMatchObject({
      range: 'custom', from: '2026-03-01', to: '2026-03-05', tag: ['a', '<script>x</script>'],
      model: ['openrouter/meta/llama:free'], client: ['host,with,commas'], metric: 'cost', page: 3,
    });
    expect(readUsageViewState(writeUsageViewState(state))).toEqual(state);
  });

  it('falls back to the default range when a custom date is invalid', () => {
    expect(readUsageViewState(new URLSearchParams('range=custom&from=2026-02-30&to=2026-03-01')).range).toBe('7d');
    expect(readUsageViewState(new URLSearchParams('range=yesterday')).range).toBe('7d');
    expect(readUsageViewState(new URLSearchParams('page=-2')).page).toBe(1);
  });

  it('drill-down narrows one dimension to the clicked value and returns to page 1', () => {
    const state = { ...readUsageViewState(new URLSearchParams('tag=a&tag=b&provider=openai&page=4')) };
    expect(drillDown(state, 'tag', 'b')).toMatchObject({ tag: ['b'], provider: ['openai'], page: 1 });
    expect(removeFilter(state, 'provider', 'openai')).toMatchObject({ tag: ['a', 'b'], provider: [], page: 1 });
  });
});

describe('resolveRange', () => {
  const now = new Date(2026, 2, 10, 15, 30); // Mar 10, 15:30 local

  it('makes today one hourly day ending at the coming midnight', () => {
    const range = resolveRange(readUsageViewState(new URLSearchParams('range=today')), now);
    expect(range).toEqual({ from: local(2026, 3, 10), to: local(2026, 3, 11), bucket: 'hour', days: 1 });
  });

  it('counts presets in whole days, today included, with daily buckets', () => {
    const range = resolveRange(readUsageViewState(new URLSearchParams('range=30d')), now);
    expect(range.from).toBe(local(2026, 2, 9));
    expect(range.to).toBe(local(2026, 3, 11));
    expect(range.bucket).toBe('day');
  });

  it('includes the last day of a custom range, in either order, hourly up to two days', () => {
    const two = resolveRange(readUsageViewState(new URLSearchParams('range=custom&from=2026-03-05&to=2026-03-04')), now);
    expect(two).toMatchObject({ from: local(2026, 3, 4), to: local(2026, 3, 6), bucket: 'hour' });
    const three = resolveRange(readUsageViewState(new URLSearchParams('range=custom&from=2026-03-04&to=2026-03-06')), now);
    expect(three.bucket).toBe('day');
  });

  it('maps the state to the API filters', () => {
    const state = readUsageViewState(new URLSearchParams('range=today&tag=ci&client=10.0.0.5'));
    const range = resolveRange(state, now);
    expect(toUsageQuery(state, range)).toEqual({
      from: range.from, to: range.to, tags: ['ci'], providers: [], models: [], clients: ['10.0.0.5'],
    });
  });
});

describe('fillTimeSeries', () => {
  const point = (bucketStart: number, requests: number): TimeSeriesPoint => ({
    bucketStart, requests, errors: 0, inputTokens: 0, outputTokens: 0, reasoningTokens: 0, cacheReadTokens: 0,
    cacheWriteTokens: 0, costMicros: 0, reportedCostMicros: 0,
  });

  it('adds empty hours between points and stops at the current hour', () => {
    const from = Date.UTC(2026, 2, 10);
    const range = { from, to: from + DAY, bucket: 'hour' as const, days: 1 };
    const filled = fillTimeSeries([point(from + 2 * HOUR, 5)], range, from + 4 * HOUR + 10);
    expect(filled.map((item) => item.requests)).toEqual([0, 0, 5, 0, 0]);
    expect(filled[1]?.bucketStart).toBe(from + HOUR);
  });

  it('starts daily series at the UTC day holding the range start and keeps off-grid points', () => {
    const day = Date.UTC(2026, 2, 10);
    const range = { from: day + 22 * HOUR, to: day + 3 * DAY, bucket: 'day' as const, days: 3 };
    const filled = fillTimeSeries([point(day + DAY, 3), point(day + 5 * DAY, 1)], range, day + 10 * DAY);
    expect(filled.map((item) => [item.bucketStart, item.requests])).toEqual([
      [day, 0], [day + DAY, 3], [day + 2 * DAY, 0], [day + 5 * DAY, 1],
    ]);
  });
});
