import { useMemo, useState } from 'react';
import type { BreakdownRow, UsageTotals } from '../../api/types.js';
import { BarCell } from '../../components/BarCell.js';
import { ErrorState, LoadingState } from '../../components/PageStates.js';
import { useUsageBreakdownQuery } from '../../hooks/queries/useUsageBreakdownQuery.js';
import type { UsageQuery } from '../../api/usage-api.js';
import { formatInteger, formatMicros } from '../../lib/format.js';
import { DIMENSION_LABEL } from './UsageFilterBar.js';
import type { ChartMetric, FilterDimension } from './usage-view-state.js';

const SHORT_LIMIT = 10;
const LONG_LIMIT = 100;

function metricValue(row: UsageTotals, metric: ChartMetric): number {
  switch (metric) {
    case 'requests': return row.requests;
    case 'tokens': return row.inputTokens + row.outputTokens;
    case 'cost': return row.costMicros;
    default: {
      const exhaustive: never = metric;
      return exhaustive;
    }
  }
}

function metricLabel(row: UsageTotals, metric: ChartMetric): string {
  return metric === 'cost' ? formatMicros(row.costMicros) : formatInteger(metricValue(row, metric));
}

const METRIC_HEADER: Record<ChartMetric, string> = { requests: 'Requests', tokens: 'Tokens', cost: 'Cost' };

/**
 * Usage grouped by one dimension, biggest first by the chart's metric, with a bar per row. A row is a button:
 * choosing it narrows the whole page to that value (drill-down).
 */
export function BreakdownTable({ dimension, query, metric, selected, onDrillDown }: {
  dimension: FilterDimension;
  query: UsageQuery;
  metric: ChartMetric;
  selected: readonly string[];
  onDrillDown: (dimension: FilterDimension, value: string) => void;
}) {
  const [expanded, setExpanded] = useState(false);
  const limit = expanded ? LONG_LIMIT : SHORT_LIMIT;
  const breakdown = useUsageBreakdownQuery(query, dimension, limit);
  const rows = useMemo(
    () => [...(breakdown.data ?? [])].sort((a, b) => metricValue(b, metric) - metricValue(a, metric)),
    [breakdown.data, metric],
  );
  const max = rows.reduce((largest, row) => Math.max(largest, metricValue(row, metric)), 0);
  const title = `By ${DIMENSION_LABEL[dimension].one.toLowerCase()}`;
  const titleId = `breakdown-${dimension}-title`;

  return (
    <section className="card section breakdown" aria-labelledby={titleId} data-testid={`breakdown-${dimension}`}>
      <div className="section-header">
        <h2 id={titleId}>{title}</h2>
      </div>
      {breakdown.data === undefined ? (
        breakdown.error ? <ErrorState error={breakdown.error} onRetry={() => void breakdown.refetch()} /> : <LoadingState />
      ) : rows.length === 0 ? (
        <div className="breakdown-empty muted">No data</div>
      ) : (
        <table className="table table-compact breakdown-table">
          <thead>
            <tr>
              <th scope="col">{DIMENSION_LABEL[dimension].one}</th>
              <th scope="col" className="breakdown-bar-col">{METRIC_HEADER[metric]}</th>
              <th scope="col" className="num">{metric === 'requests' ? 'Errors' : 'Requests'}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row: BreakdownRow) => {
              const known = row.key !== '';
              const active = selected.length === 1 && selected[0] === row.key;
              return (
                <tr key={row.key} data-testid="breakdown-row" data-key={row.key} className={active ? 'is-selected' : undefined}>
                  <th scope="row">
                    {known ? (
                      <button
                        type="button"
                        className="row-button"
                        title={active ? 'Already filtered' : `Show only ${row.key}`}
                        disabled={active}
                        onClick={() => onDrillDown(dimension, row.key)}
                      >
                        {row.key}
                      </button>
                    ) : (
                      <span className="muted">(unknown)</span>
                    )}
                  </th>
                  <td className="breakdown-bar-col">
                    <BarCell value={metricValue(row, metric)} max={max} label={metricLabel(row, metric)} />
                  </td>
                  <td className="num">
                    {metric === 'requests'
                      ? <span className={row.errors > 0 ? 'text-danger' : 'muted'}>{formatInteger(row.errors)}</span>
                      : formatInteger(row.requests)}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {breakdown.data && (expanded || breakdown.data.length >= SHORT_LIMIT) ? (
        <button type="button" className="link-button breakdown-more" onClick={() => setExpanded((value) => !value)}>
          {expanded ? 'Show top 10' : `Show up to ${LONG_LIMIT}`}
        </button>
      ) : null}
    </section>
  );
}
