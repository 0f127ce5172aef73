import type { UsageTotals } from '../../api/types.js';
import { StatCard } from '../../components/StatCard.js';
import { formatInteger, formatMicros, formatPercent } from '../../lib/format.js';

export function UsageSummary({ totals }: { totals: UsageTotals }) {
  const ok = totals.requests - totals.errors;
  const computed = totals.costMicros - totals.reportedCostMicros;
  return (
    <div className="card-grid">
      <StatCard
        testId="summary-requests"
        label="Requests"
        value={formatInteger(totals.requests)}
        detail={
          <>
            <span className="text-success">{formatInteger(ok)} ok</span>
            <span className="stat-sep">·</span>
            <span className={totals.errors > 0 ? 'text-danger' : undefined}>
              {formatInteger(totals.errors)} errors{totals.requests > 0 ? ` (${formatPercent(totals.errors, totals.requests)})` : ''}
            </span>
          </>
        }
      />
      <StatCard
        testId="summary-input-tokens"
        label="Input tokens"
        value={formatInteger(totals.inputTokens)}
        detail={totals.cacheReadTokens > 0 ? <>{formatInteger(totals.cacheReadTokens)} read from cache</> : 'No cached input'}
      />
      <StatCard
        testId="summary-output-tokens"
        label="Output tokens"
        value={formatInteger(totals.outputTokens)}
        detail={totals.reasoningTokens > 0 ? <>{formatInteger(totals.reasoningTokens)} reasoning</> : 'No reasoning tokens'}
      />
      <StatCard
        testId="summary-cost"
        label="Cost"
        value={formatMicros(totals.costMicros)}
        detail={
          <>
            {formatMicros(computed)} computed
            <span className="stat-sep">·</span>
            {formatMicros(totals.reportedCostMicros)} reported
          </>
        }
      />
    </div>
  );
}
