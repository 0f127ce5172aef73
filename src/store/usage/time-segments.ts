export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** Where a stretch of time is read from: raw records, or the hourly/daily aggregates (whole buckets only). */
export type SegmentSource = 'raw' | 'hourly' | 'daily';
export type TimeSegment = { source: SegmentSource; from: number; to: number };

export function floorTo(time: number, unit: number): number {
  return time - (((time % unit) + unit) % unit);
}

export function ceilTo(time: number, unit: number): number {
  const floor = floorTo(time, unit);
  return floor === time ? time : floor + unit;
}

/**
 * Splits [from, to) into disjoint, contiguous segments that together cover it exactly: daily aggregates for the
 * whole UTC days inside (when `coarsest` allows), hourly aggregates for the whole hours around them, raw records
 * for the partial hours at the edges. Summing the segments therefore gives the same answer as scanning every
 * raw record, while a months-long range reads a few hundred aggregate rows and at most two hours of records.
 */
export function splitTimeRange(from: number, to: number, coarsest: 'hourly' | 'daily'): TimeSegment[] {
  if (!(to > from)) return [];
  const hourStart = ceilTo(from, HOUR_MS);
  const hourEnd = floorTo(to, HOUR_MS);
  if (hourStart >= hourEnd) return [{ source: 'raw', from, to }];

  const segments: TimeSegment[] = [];
  const push = (source: SegmentSource, start: number, end: number) => {
    if (end > start) segments.push({ source, from: start, to: end });
  };
  push('raw', from, hourStart);
  const dayStart = ceilTo(hourStart, DAY_MS);
  const dayEnd = floorTo(hourEnd, DAY_MS);
  if (coarsest === 'daily' && dayStart < dayEnd) {
    push('hourly', hourStart, dayStart);
    push('daily', dayStart, dayEnd);
    push('hourly', dayEnd, hourEnd);
  } else {
    push('hourly', hourStart, hourEnd);
  }
  push('raw', hourEnd, to);
  return segments;
}
