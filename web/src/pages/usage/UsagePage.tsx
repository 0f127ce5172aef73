import { useMemo } from 'react';
import { usageExportUrl } from '../../api/usage-api.js';
import { PageHeader } from '../../components/PageHeader.js';
import { ErrorState, LoadingState } from '../../components/PageStates.js';
import { useUsageFacetsQuery } from '../../hooks/queries/useUsageFacetsQuery.js';
import { useUsageSummaryQuery } from '../../hooks/queries/useUsageSummaryQuery.js';
import { useUsageTimeSeriesQuery } from '../../hooks/queries/useUsageTimeSeriesQuery.js';
import { useSearchParams } from '../../router/router.js';
import { BreakdownTable } from './BreakdownTable.js';
import { RecentRequests } from './RecentRequests.js';
import { UsageChart } from './UsageChart.js';
import { UsageFilterBar } from './UsageFilterBar.js';
import { UsageSummary } from './UsageSummary.js';
import { UsageToolbar } from './UsageToolbar.js';
import {
  drillDown, FILTER_DIMENSIONS, fillTimeSeries, readUsageViewState, resolveRange, toUsageQuery, writeUsageViewState,
  type UsageViewState,
} from './usage-view-state.js';

export function UsagePage() {
  const [params, setParams] = useSearchParams();
  const state = useMemo(() => readUsageViewState(params), [params]);
  const now = new Date();
  const today = now.toDateString();
  // Whole local days: the range (and so every query key) only changes when the date does.
  const range = useMemo(() => resolveRange(state, now), [state, today]);
  const query = useMemo(() => toUsageQuery(state, range), [state, range]);

  // A new range or filter is a new history entry (Back undoes a drill-down); paging and the metric are not.
  const update = (next: UsageViewState) => {
    const push = next.range !== state.range || next.from !== state.from || next.to !== state.to
      || FILTER_DIMENSIONS.some((dimension) => next[dimension].join('\n') !== state[dimension].join('\n'));
    setParams(writeUsageViewState(next), { push });
  };

  const summary = useUsageSummaryQuery(query);
  const series = useUsageTimeSeriesQuery(query, range.bucket);
  const facets = useUsageFacetsQuery(range.from, range.to);
  const points = useMemo(
    () => (series.data ? fillTimeSeries(series.data.points, range, Date.now()) : []),
    [series.data, range],
  );
  const fetching = summary.isFetching || series.isFetching;

  return (
    <>
      <PageHeader title="Usage" description="Requests, tokens and cost through the proxy. Click a row in a breakdown to narrow the view to it." />
      <div className="card usage-controls">
        <UsageToolbar state={state} range={range} onChange={update} exportUrl={usageExportUrl(query)} fetching={fetching} />
        <UsageFilterBar state={state} facets={facets.data} onChange={update} />
      </div>
      {summary.data ? (
        <div className={summary.isPlaceholderData ? 'is-stale' : undefined}><UsageSummary totals={summary.data} /></div>
      ) : summary.error ? (
        <ErrorState error={summary.error} onRetry={() => void summary.refetch()} />
      ) : (
        <LoadingState label="Loading usage…" />
      )}
      {series.data ? (
        <UsageChart points={points} range={range} metric={state.metric} onMetricChange={(metric) => update({ ...state, metric })} />
      ) : series.error ? (
        <ErrorState error={series.error} onRetry={() => void series.refetch()} />
      ) : null}
      <div className="breakdown-grid">
        {FILTER_DIMENSIONS.map((dimension) => (
          <BreakdownTable
            key={dimension}
            dimension={dimension}
            query={query}
            metric={state.metric}
            selected={state[dimension]}
            onDrillDown={(by, value) => update(drillDown(state, by, value))}
          />
        ))}
      </div>
      <RecentRequests query={query} page={state.page} onPageChange={(page) => update({ ...state, page })} />
    </>
  );
}
