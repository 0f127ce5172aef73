import type { ProviderView } from '../../api/types.js';
import { EmptyState } from '../../components/PageStates.js';
import { ProviderStatusBadge } from '../../components/ProviderStatusBadge.js';
import { ProviderTest } from '../../components/ProviderTest.js';
import { TableScroll } from '../../components/TableScroll.js';
import { formatInteger } from '../../lib/format.js';
import { Link } from '../../router/router.js';

export function DashboardProviders({ providers }: { providers: ProviderView[] }) {
  return (
    <section className="card section" aria-labelledby="dashboard-providers-title">
      <div className="section-header">
        <h2 id="dashboard-providers-title">Providers</h2>
        <Link to="/providers" className="link-muted">Manage providers</Link>
      </div>
      {providers.length === 0 ? (
        <EmptyState title="No providers yet">Add one on the Providers page, or set a provider's API key variable.</EmptyState>
      ) : (
        <TableScroll label="Providers">
          <table className="table" data-testid="dashboard-providers">
            <thead>
              <tr>
                <th scope="col">Provider</th>
                <th scope="col">Status</th>
                <th scope="col" className="num">Models</th>
                <th scope="col" className="num">Aliases</th>
                <th scope="col">Key</th>
                <th scope="col">Connection test</th>
              </tr>
            </thead>
            <tbody>
              {providers.map((provider) => (
                <tr key={provider.id} data-testid={`provider-row-${provider.id}`}>
                  <td>
                    <div className="cell-title">{provider.displayName}</div>
                    <div className="cell-sub mono">{provider.id}</div>
                  </td>
                  <td><ProviderStatusBadge status={provider.status} detail={provider.statusDetail} /></td>
                  <td className="num">{formatInteger(provider.modelCount)}</td>
                  <td className="num">{formatInteger(provider.aliasCount)}</td>
                  <td>
                    {provider.apiKeyEnv === null ? <span className="muted">Not needed</span>
                      : provider.keySet ? <span className="text-success">Set</span>
                        : <span className="muted" title={`Set ${provider.apiKeyEnv}`}>Not set</span>}
                  </td>
                  <td><ProviderTest providerId={provider.id} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </section>
  );
}
