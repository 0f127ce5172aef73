import { memo, type ReactNode } from 'react';
import type { UsageRecord } from '../../api/types.js';
import type { UsageQuery } from '../../api/usage-api.js';
import { Badge } from '../../components/Badge.js';
import { Button } from '../../components/Button.js';
import { EmptyState, ErrorState, LoadingState } from '../../components/PageStates.js';
import { TableScroll } from '../../components/TableScroll.js';
import { useUsageRequestsQuery } from '../../hooks/queries/useUsageRequestsQuery.js';
import { formatDay, formatInteger, formatLatency, formatMicros, formatTime, formatTokens } from '../../lib/format.js';

export const PAGE_SIZE = 50;

/** Lets `upstream_error` wrap after its underscores in a narrow column. */
function breakable(text: string): ReactNode[] {
  return text.split('_').flatMap((part, index) => (index === 0 ? [part] : ['_', <wbr key={index} />, part]));
}

function StatusCell({ record }: { record: UsageRecord }) {
  const ok = record.status < 400 && record.errorKind === null;
  return (
    <>
      <Badge tone={ok ? 'success' : record.status === 499 ? 'warning' : 'danger'}>{record.status}</Badge>
      {record.errorKind ? <div className="cell-sub error-kind">{breakable(record.errorKind)}</div> : null}
    </>
  );
}

function CostCell({ record }: { record: UsageRecord }) {
  if (record.costMicros === null || record.costSource === 'none') return <span className="muted" title="No price known for this model">—</span>;
  return (
    <span className="cost-cell">
      {formatMicros(record.costMicros)}
      <span
        className={`cost-source cost-source-${record.costSource}`}
        title={record.costSource === 'reported' ? 'Reported by the provider' : 'Computed from the catalog prices'}
      >
        {record.costSource}
      </span>
    </span>
  );
}

const RequestRow = memo(function RequestRow({ record }: { record: UsageRecord }) {
  const model = record.upstreamModel ?? record.requestedModel ?? '—';
  const client = record.clientHost ?? record.clientIp;
  const requestedAs = record.requestedModel !== null && record.requestedModel !== record.upstreamModel;
  return (
    <tr>
      <td className="nowrap">
        <div>{formatTime(record.time)}</div>
        <div className="cell-sub">{formatDay(record.time)}</div>
      </td>
      <td>
        <div className="truncate mono" title={record.clientHost ? `${record.clientHost} (${record.clientIp})` : record.clientIp}>{client}</div>
        {record.userAgent ? <div className="cell-sub truncate" title={record.userAgent}>{record.userAgent}</div> : null}
      </td>
      <td>
        <div className="tags">{record.tags.map((tag) => <span key={tag} className="tag" title={tag}>{tag}</span>)}</div>
      </td>
      <td>
        <div className="mono truncate" title={model}>{model}</div>
        <div className="cell-sub truncate" title={requestedAs ? `Requested as ${record.requestedModel}` : undefined}>
          {record.provider ?? 'no provider'}
          {requestedAs ? ` · as ${record.requestedModel}` : ''}
        </div>
      </td>
      <td>
        <div className="mono nowrap">{record.endpoint}</div>
        {record.stream ? <Badge tone="info">stream</Badge> : null}
      </td>
      <td className="num">{formatTokens(record.inputTokens)}</td>
      <td className="num">{formatTokens(record.outputTokens)}</td>
      <td className="num"><CostCell record={record} /></td>
      <td className="num" title={record.ttftMs !== null ? `First token after ${formatLatency(record.ttftMs)}` : undefined}>
        {formatLatency(record.latencyMs)}
      </td>
      <td><StatusCell record={record} /></td>
    </tr>
  );
});

/** The latest matching requests, newest first, fifty to a page. */
export function RecentRequests({ query, page, onPageChange }: {
  query: UsageQuery;
  page: number;
  onPageChange: (page: number) => void;
}) {
  const offset = (page - 1) * PAGE_SIZE;
  const requests = useUsageRequestsQuery(query, PAGE_SIZE, offset);
  const data = requests.data;
  const pages = data ? Math.max(1, Math.ceil(data.total / PAGE_SIZE)) : 1;

  return (
    <section className="card section" aria-labelledby="recent-title">
      <div className="section-header">
        <h2 id="recent-title">Recent requests</h2>
        {data ? <span className="muted">{formatInteger(data.total)} in this view</span> : null}
      </div>
      {data === undefined ? (
        requests.error ? <ErrorState error={requests.error} onRetry={() => void requests.refetch()} /> : <LoadingState />
      ) : data.rows.length === 0 ? (
        <EmptyState title={data.total > 0 ? 'No requests on this page' : 'No requests match'}>
          {data.total > 0 ? <Button size="sm" onClick={() => onPageChange(1)}>Back to the first page</Button> : 'Try a longer range or fewer filters.'}
        </EmptyState>
      ) : (
        <>
          <TableScroll label="Recent requests">
            <table className={requests.isPlaceholderData ? 'table table-compact requests-table is-stale' : 'table table-compact requests-table'} data-testid="recent-requests">
              <thead>
                <tr>
                  <th scope="col">Time</th>
                  <th scope="col">Client</th>
                  <th scope="col">Tags</th>
                  <th scope="col">Model · provider</th>
                  <th scope="col">Endpoint</th>
                  <th scope="col" className="num">Tokens in</th>
                  <th scope="col" className="num">Tokens out</th>
                  <th scope="col" className="num">Cost</th>
                  <th scope="col" className="num">Latency</th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {data.rows.map((record) => <RequestRow key={record.id} record={record} />)}
              </tbody>
            </table>
          </TableScroll>
          <nav className="pager" aria-label="Recent requests pages">
            <Button size="sm" icon="chevronLeft" disabled={page <= 1} onClick={() => onPageChange(page - 1)}>Newer</Button>
            <span className="muted">
              {formatInteger(offset + 1)}–{formatInteger(offset + data.rows.length)} of {formatInteger(data.total)} · page {formatInteger(page)} of {formatInteger(pages)}
            </span>
            <Button size="sm" disabled={page >= pages} onClick={() => onPageChange(page + 1)}>
              Older
            </Button>
          </nav>
        </>
      )}
    </section>
  );
}
