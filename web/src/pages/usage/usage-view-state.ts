import type { BreakdownDimension, TimeBucket, TimeSeriesPoint } from '../../api/types.js';
import type { UsageQuery } from '../../api/usage-api.js';

/**
 * Everything the Usage page shows is described by its URL query, so a view can be reloaded or shared:
 *   ?range=today|7d|30d|90d|custom [&from=YYYY-MM-DD&to=YYYY-MM-DD] &tag=…&provider=…&model=…&client=… (repeatable)
 *   &metric=requests|tokens|cost &page=N
 * Ranges are whole local days: presets end at the coming midnight (so the query key stays stable all day) and a
 * custom range includes its last day.
 */
export type RangePreset = 'today' | '7d' | '30d' | '90d' | 'custom';
export type ChartMetric = 'requests' | 'tokens' | 'cost';
export type FilterDimension = BreakdownDimension;

export type UsageViewState = {
  range: RangePreset;
  /** Custom range, inclusive local dates. */
  from: string;
  to: string;
  tag: string[];
  provider: string[];
  model: string[];
  client: string[];
  metric: ChartMetric;
  /** 1-based page of recent requests. */
  page: number;
};

export const RANGE_PRESETS: { value: RangePreset; label: string; days: number }[] = [
  { value: 'today', label: 'Today', days: 1 },
  { value: '7d', label: '7 days', days: 7 },
  { value: '30d', label: '30 days', days: 30 },
  { value: '90d', label: '90 days', days: 90 },
];
export const DEFAULT_RANGE: RangePreset = '7d';
export const FILTER_DIMENSIONS: FilterDimension[] = ['tag', 'provider', 'model', 'client'];

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** Two calendar days can be 49 hours long across a daylight-saving change. */
const HOURLY_MAX_SPAN = 2 * DAY_MS + HOUR_MS;
const MAX_POINTS = 5000;

function parseLocalDate(text: string): Date | null {
  const match = DATE_PATTERN.exec(text);
  if (!match) return null;
  const date = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return Number.isNaN(date.getTime()) || toDateInput(date) !== text ? null : date;
}

/** A Date as the value of an <input type=date> (local calendar date). */
export function toDateInput(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

function startOfDay(date: Date, offsetDays = 0): Date {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate() + offsetDays);
}

function uniqueValues(values: string[]): string[] {
  return [...new Set(values)];
}

export function readUsageViewState(params: URLSearchParams): UsageViewState {
  const range = params.get('range');
  const metric = params.get('metric');
  const page = Number(params.get('page') ?? '1');
  const state: UsageViewState = {
    range: range === 'today' || range === '7d' || range === '30d' || range === '90d' || range === 'custom' ? range : DEFAULT_RANGE,
    from: params.get('from') ?? '',
    to: params.get('to') ?? '',
    tag: uniqueValues(params.getAll('tag')),
    provider: uniqueValues(params.getAll('provider')),
    model: uniqueValues(params.getAll('model')),
    client: uniqueValues(params.getAll('client')),
    metric: metric === 'tokens' || metric === 'cost' ? metric : 'requests',
    page: Number.isInteger(page) && page >= 1 ? page : 1,
  };
  if (state.range === 'custom' && (!parseLocalDate(state.from) || !parseLocalDate(state.to))) {
    return { ...state, range: DEFAULT_RANGE, from: '', to: '' };
  }
  return state;
}

export function writeUsageViewState(state: UsageViewState): URLSearchParams {
  const params = new URLSearchParams();
  if (state.range !== DEFAULT_RANGE) params.set('range', state.range);
  if (state.range === 'custom') {
    params.set('from', state.from);
    params.set('to', state.to);
  }
  for (const dimension of FILTER_DIMENSIONS) {
    for (const value of state[dimension]) params.append(dimension, value);
  }
  if (state.metric !== 'requests') params.set('metric', state.metric);
  if (state.page > 1) params.set('page', String(state.page));
  return params;
}

export type ResolvedRange = { from: number; to: number; bucket: TimeBucket; days: number };

export function resolveRange(state: UsageViewState, now: Date): ResolvedRange {
  let fromDate: Date;
  let toDate: Date;
  if (state.range === 'custom') {
    const a = parseLocalDate(state.from) ?? startOfDay(now);
    const b = parseLocalDate(state.to) ?? startOfDay(now);
    const [first, last] = a.getTime() <= b.getTime() ? [a, b] : [b, a];
    fromDate = first;
    toDate = startOfDay(last, 1);
  } else {
    const days = RANGE_PRESETS.find((preset) => preset.value === state.range)?.days ?? 7;
    fromDate = startOfDay(now, -(days - 1));
    toDate = startOfDay(now, 1);
  }
  const from = fromDate.getTime();
  const to = toDate.getTime();
  return { from, to, bucket: to - from <= HOURLY_MAX_SPAN ? 'hour' : 'day', days: Math.round((to - from) / DAY_MS) };
}

export function toUsageQuery(state: UsageViewState, range: ResolvedRange): UsageQuery {
  return { from: range.from, to: range.to, tags: state.tag, providers: state.provider, models: state.model, clients: state.client };
}

/** Drill-down from a breakdown row: narrow that dimension to the one value; back to the first page. */
export function drillDown(state: UsageViewState, dimension: FilterDimension, value: string): UsageViewState {
  return { ...state, [dimension]: [value], page: 1 };
}

export function setFilter(state: UsageViewState, dimension: FilterDimension, values: string[]): UsageViewState {
  return { ...state, [dimension]: uniqueValues(values), page: 1 };
}

export function removeFilter(state: UsageViewState, dimension: FilterDimension, value: string): UsageViewState {
  return { ...state, [dimension]: state[dimension].filter((item) => item !== value), page: 1 };
}

export function hasFilters(state: UsageViewState): boolean {
  return FILTER_DIMENSIONS.some((dimension) => state[dimension].length > 0);
}

export function clearFilters(state: UsageViewState): UsageViewState {
  return { ...state, tag: [], provider: [], model: [], client: [], page: 1 };
}

const ZERO = {
  requests: 0, errors: 0, inputTokens: 0, outputTokens: 0, reasoningTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0,
  costMicros: 0, reportedCostMicros: 0,
};

/**
 * The API returns only buckets that have data; the chart needs every bucket from the start of the range to now
 * (not into the future), empty ones as zero. Buckets are aligned to the epoch (UTC hours and days), like the server's.
 */
export function fillTimeSeries(points: readonly TimeSeriesPoint[], range: ResolvedRange, now: number): TimeSeriesPoint[] {
  const unit = range.bucket === 'hour' ? HOUR_MS : DAY_MS;
  const byStart = new Map(points.map((point) => [point.bucketStart, point]));
  const first = range.from - (((range.from % unit) + unit) % unit);
  const end = Math.min(range.to, Math.max(now, range.from + 1));
  const filled: TimeSeriesPoint[] = [];
  for (let start = first; start < end && filled.length < MAX_POINTS; start += unit) {
    filled.push(byStart.get(start) ?? { ...ZERO, bucketStart: start });
  }
  // A point the server placed off this grid (clock skew, a range cut short) is still shown rather than lost.
  const placed = new Set(filled.map((point) => point.bucketStart));
  for (const point of points) {
    if (!placed.has(point.bucketStart)) filled.push(point);
  }
  return filled.sort((a, b) => a.bucketStart - b.bucketStart);
}
