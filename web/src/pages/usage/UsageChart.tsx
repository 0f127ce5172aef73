import { useMemo } from 'react';
import type { TimeSeriesPoint } from '../../api/types.js';
import { BarChart, type BarSeries } from '../../components/charts/BarChart.js';
import { formatBucket, formatCompact, formatInteger, formatUsd } from '../../lib/format.js';
import type { ChartMetric, ResolvedRange } from './usage-view-state.js';

const METRICS: { value: ChartMetric; label: string }[] = [
  { value: 'requests', label: 'Requests' },
  { value: 'tokens', label: 'Tokens' },
  { value: 'cost', label: 'Cost' },
];

const formatCount = (value: number) => (value >= 10_000 ? formatCompact(value) : formatInteger(value));
const formatDollars = (value: number) => formatUsd(value);

function seriesFor(metric: ChartMetric, points: readonly TimeSeriesPoint[]): BarSeries[] {
  switch (metric) {
    case 'requests':
      return [
        { label: 'Succeeded', values: points.map((point) => point.requests - point.errors), colorIndex: 0 },
        { label: 'Failed', values: points.map((point) => point.errors), colorIndex: 2 },
      ];
    case 'tokens':
      return [
        { label: 'Input', values: points.map((point) => point.inputTokens), colorIndex: 0 },
        { label: 'Output', values: points.map((point) => point.outputTokens), colorIndex: 1 },
      ];
    case 'cost':
      return [{ label: 'Cost', values: points.map((point) => point.costMicros / 1_000_000), colorIndex: 3 }];
    default: {
      const exhaustive: never = metric;
      return exhaustive;
    }
  }
}

/** The time series as stacked bars: requests (ok/failed), tokens (in/out) or cost, per hour or per day. */
export function UsageChart({ points, range, metric, onMetricChange }: {
  points: readonly TimeSeriesPoint[];
  range: ResolvedRange;
  metric: ChartMetric;
  onMetricChange: (metric: ChartMetric) => void;
}) {
  const labels = useMemo(
    () => points.map((point) => formatBucket(point.bucketStart, range.bucket, range.days > 1)),
    [points, range.bucket, range.days],
  );
  const series = useMemo(() => seriesFor(metric, points), [metric, points]);
  const hasData = points.some((point) => point.requests > 0);
  const label = METRICS.find((item) => item.value === metric)?.label ?? '';

  return (
    <section className="card section" aria-labelledby="usage-chart-title">
      <div className="section-header">
        <h2 id="usage-chart-title">{label} per {range.bucket}</h2>
        <div className="segmented segmented-sm" role="group" aria-label="Chart metric">
          {METRICS.map((item) => (
            <button
              key={item.value}
              type="button"
              aria-pressed={metric === item.value}
              onClick={() => onMetricChange(item.value)}
              data-testid={`metric-${item.value}`}
            >
              {item.label}
            </button>
          ))}
        </div>
      </div>
      {hasData ? (
        <BarChart
          labels={labels}
          series={series}
          stacked
          formatValue={metric === 'cost' ? formatDollars : formatCount}
          ariaLabel={`${label} per ${range.bucket}, ${points.length} bars`}
        />
      ) : (
        <div className="chart-empty">No requests in this range.</div>
      )}
    </section>
  );
}
