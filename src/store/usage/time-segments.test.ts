import { describe, expect, it } from 'vitest';
import { DAY_MS, HOUR_MS, splitTimeRange, type TimeSegment } from './time-segments.js';

const DAY = Date.UTC(2026, 2, 10);

describe('splitTimeRange', () => {
  it('reads whole days from daily rows, whole hours around them from hourly rows, and the partial edges raw', () => {
    const from = DAY + 22 * HOUR_MS + 90_000;
    const to = DAY + 3 * DAY_MS + 2 * HOUR_MS + 5;
    expect(splitTimeRange(from, to, 'daily')).toEqual([
      { source: 'raw', from, to: DAY + 23 * HOUR_MS },
      { source: 'hourly', from: DAY + 23 * HOUR_MS, to: DAY + DAY_MS },
      { source: 'daily', from: DAY + DAY_MS, to: DAY + 3 * DAY_MS },
      { source: 'hourly', from: DAY + 3 * DAY_MS, to: DAY + 3 * DAY_MS + 2 * HOUR_MS },
      { source: 'raw', from: DAY + 3 * DAY_MS + 2 * HOUR_MS, to },
    ]);
    expect(splitTimeRange(from, to, 'hourly')).toEqual([
      { source: 'raw', from, to: DAY + 23 * HOUR_MS },
      { source: 'hourly', from: DAY + 23 * HOUR_MS, to: DAY + 3 * DAY_MS + 2 * HOUR_MS },
      { source: 'raw', from: DAY + 3 * DAY_MS + 2 * HOUR_MS, to },
    ]);
  });

  it('uses only aggregates for aligned ranges and only raw records inside one hour', () => {
    expect(splitTimeRange(DAY, DAY + 2 * DAY_MS, 'daily')).toEqual([{ source: 'daily', from: DAY, to: DAY + 2 * DAY_MS }]);
    expect(splitTimeRange(DAY + HOUR_MS, DAY + 3 * HOUR_MS, 'daily')).toEqual([
      { source: 'hourly', from: DAY + HOUR_MS, to: DAY + 3 * HOUR_MS },
    ]);
    expect(splitTimeRange(DAY + 10, DAY + HOUR_MS + 10, 'daily')).toEqual([{ source: 'raw', from: DAY + 10, to: DAY + HOUR_MS + 10 }]);
    expect(splitTimeRange(DAY, DAY, 'daily')).toEqual([]);
    expect(splitTimeRange(DAY + 1, DAY, 'daily')).toEqual([]);
  });

  it('covers any range exactly with aligned, contiguous segments', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    for (let run = 0; run < 2_000; run++) {
      const from = DAY + Math.floor(random() * 5 * DAY_MS);
      const to = from + Math.floor(random() * random() * 4 * DAY_MS);
      for (const coarsest of ['hourly', 'daily'] as const) {
        const segments = splitTimeRange(from, to, coarsest);
        expect(segments.reduce<number>((at, segment) => (expect(segment.from).toBe(at), segment.to), from)).toBe(to > from ? to : from);
        for (const segment of segments) {
          expect(segment.to).toBeGreaterThan(segment.from);
          expect(isAligned(segment)).toBe(true);
          if (coarsest === 'hourly') expect(segment.source).not.toBe('daily');
        }
      }
    }
  });
});

function isAligned(segment: TimeSegment): boolean {
  const unit = segment.source === 'daily' ? DAY_MS : segment.source === 'hourly' ? HOUR_MS : 1;
  return segment.from % unit === 0 && segment.to % unit === 0;
}
