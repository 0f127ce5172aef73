import type { DashboardView, UsageTotals } from '../../api/types.js';
import { PageHeader } from '../../components/PageHeader.js';
import { QueryView } from '../../components/PageStates.js';
import { StatCard } from '../../components/StatCard.js';
import { useDashboardQuery } from '../../hooks/queries/useDashboardQuery.js';
import { formatCount, formatInteger, formatMicros, formatPercent } from '../../lib/format.js';
import { Link } from '../../router/router.js';
import { catalogCounts } from './catalog-counts.js';
import { DashboardProviders } from './DashboardProviders.js';

function totalTokens(totals: UsageTotals): number {
  return totals.inputTokens + totals.outputTokens;
}

function TodayCards({ view }: { view: DashboardView }) {
  const { today, month } = view;
  const catalog = catalogCounts(view);
  return (
    <div className="card-grid">
      <StatCard
        testId="dashboard-requests"
        label="Requests today"
        value={formatInteger(today.requests)}
        detail={
          <>
            {today.errors > 0 ? <span className="text-danger">{formatCount(today.errors, 'error')} ({formatPercent(today.errors, today.requests)})</span> : 'No errors'}
            <span className="stat-sep">·</span>
            {formatInteger(month.requests)} this month
          </>
        }
      />
      <StatCard
        testId="dashboard-tokens"
        label="Tokens today"
        value={formatInteger(totalTokens(today))}
        detail={
          <>
            {formatInteger(today.inputTokens)} in / {formatInteger(today.outputTokens)} out
            <span className="stat-sep">·</span>
            {formatInteger(totalTokens(month))} this month
          </>
        }
      />
      <StatCard
        testId="dashboard-cost"
        label="Cost today"
        value={formatMicros(today.costMicros)}
        detail={<>{formatMicros(month.costMicros)} this month</>}
      />
      <StatCard
        testId="dashboard-catalog"
        label="Served to clients"
        value={formatCount(catalog.servedModels, 'model')}
        detail={
          <>
            {formatCount(catalog.servedAliases, 'alias', 'aliases')}
            <span className="stat-sep">·</span>
            {catalog.activeProviders} of {catalog.providers} providers active
            <div data-testid="dashboard-catalog-total" title="Enabled models and aliases of every provider, active or not (the Models and Aliases pages list them all)">
              Catalog: {formatCount(catalog.enabledModels, 'model')}, {formatCount(catalog.enabledAliases, 'alias', 'aliases')} enabled
            </div>
          </>
        }
      />
    </div>
  );
}

export function DashboardPage() {
  const dashboard = useDashboardQuery();
  return (
    <>
      <PageHeader
        title="Dashboard"
        description="Providers at a glance and today's traffic through the proxy."
        actions={<Link to="/usage" className="btn btn-secondary">Open usage</Link>}
      />
      <QueryView query={dashboard}>
        {(view) => (
          <>
            <TodayCards view={view} />
            <DashboardProviders providers={view.providers} />
          </>
        )}
      </QueryView>
    </>
  );
}
