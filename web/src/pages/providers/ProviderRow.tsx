import { memo } from 'react';
import { errorMessage } from '../../api/api-error.js';
import type { ProviderView } from '../../api/types.js';
import { Badge } from '../../components/Badge.js';
import { Button } from '../../components/Button.js';
import { ProviderStatusBadge } from '../../components/ProviderStatusBadge.js';
import { ProviderTest } from '../../components/ProviderTest.js';
import { useToast } from '../../components/Toaster.js';
import { Toggle } from '../../components/Toggle.js';
import { useRefreshProvider, useSetProviderEnabled } from '../../hooks/mutations/useProviderMutations.js';
import { formatCount, formatDateTimeShort, formatInteger, formatRelative } from '../../lib/format.js';

const DIALECT_LABEL: Record<ProviderView['dialect'], string> = {
  'openai-compatible': 'OpenAI API',
  anthropic: 'Anthropic API',
  gemini: 'Gemini API',
  ollama: 'Ollama API',
};

function KeyCell({ provider }: { provider: ProviderView }) {
  if (provider.apiKeyEnv === null) return <span className="muted">No key needed</span>;
  return (
    <div>
      {provider.keySet ? <Badge tone="success">Key set</Badge> : <Badge tone="warning">Key not set</Badge>}
      <div className="cell-sub mono">{provider.apiKeyEnv}</div>
    </div>
  );
}

function ModelsCell({ provider }: { provider: ProviderView }) {
  const refresh = useRefreshProvider();
  const toast = useToast();
  const { discovery } = provider;
  return (
    <div>
      <div className="nowrap">{formatCount(provider.modelCount, 'model')}</div>
      {provider.aliasCount > 0 ? <div className="cell-sub">{formatCount(provider.aliasCount, 'alias', 'aliases')}</div> : null}
      {discovery ? (
        <div className="discovery">
          <div className="cell-sub">
            {formatInteger(discovery.modelCount)} discovered
            {discovery.lastRefreshAt !== null ? (
              <span title={formatDateTimeShort(discovery.lastRefreshAt)}> · refreshed {formatRelative(discovery.lastRefreshAt)}</span>
            ) : ' · never refreshed'}
          </div>
          {discovery.lastError ? <div className="cell-sub text-danger">{discovery.lastError}</div> : null}
          <Button
            size="sm"
            variant="ghost"
            icon="refresh"
            busy={refresh.isPending}
            aria-label={`Refresh models of ${provider.displayName}`}
            data-testid={`provider-refresh-${provider.id}`}
            onClick={() => refresh.mutate(provider.id, {
              onSuccess: (view) => toast.success(`${view.displayName}: ${formatCount(view.discovery?.modelCount ?? view.modelCount, 'model')} found`),
              onError: (error) => toast.error(`Refresh failed: ${errorMessage(error)}`),
            })}
          >
            Refresh
          </Button>
        </div>
      ) : null}
    </div>
  );
}

/** One provider: its own mutations, so actions on one row never show as busy on another. */
export const ProviderRow = memo(function ProviderRow({ provider, onEdit, onDelete }: {
  provider: ProviderView;
  onEdit: (provider: ProviderView) => void;
  onDelete: (provider: ProviderView) => void;
}) {
  const setEnabled = useSetProviderEnabled();
  const toast = useToast();
  const enabled = setEnabled.isPending && setEnabled.variables ? setEnabled.variables.enabled : provider.enabled;

  return (
    <tr data-testid={`provider-row-${provider.id}`}>
      <td>
        <div className="cell-title">{provider.displayName}</div>
        <div className="cell-sub"><span className="mono">{provider.id}</span> · {DIALECT_LABEL[provider.dialect]}</div>
        <div className="cell-sub mono truncate" title={provider.baseUrl}>{provider.baseUrl}</div>
        {provider.headerNames.length > 0 ? (
          <div className="cell-sub">Headers: {provider.headerNames.join(', ')}</div>
        ) : null}
      </td>
      <td>
        <ProviderStatusBadge status={provider.status} detail={provider.statusDetail} />
        {provider.status === 'unreachable' && provider.statusDetail && provider.statusDetail !== provider.discovery?.lastError ? (
          <div className="cell-sub text-danger status-detail">{provider.statusDetail}</div>
        ) : null}
      </td>
      <td><KeyCell provider={provider} /></td>
      <td><ModelsCell provider={provider} /></td>
      <td>
        <Toggle
          checked={enabled}
          label={`${provider.displayName} enabled`}
          disabled={setEnabled.isPending}
          onChange={(next) => setEnabled.mutate({ id: provider.id, enabled: next }, {
            onError: (error) => toast.error(`Could not ${next ? 'enable' : 'disable'} ${provider.displayName}: ${errorMessage(error)}`),
          })}
        />
      </td>
      <td><ProviderTest providerId={provider.id} /></td>
      <td className="actions">
        {provider.source === 'custom' ? (
          <>
            <Button size="sm" variant="ghost" icon="edit" onClick={() => onEdit(provider)} aria-label={`Edit ${provider.displayName}`} title={`Edit ${provider.displayName}`} />
            <Button size="sm" variant="ghost" icon="trash" onClick={() => onDelete(provider)} aria-label={`Delete ${provider.displayName}`} title={`Delete ${provider.displayName}`} />
          </>
        ) : (
          <Badge tone="neutral" title={provider.source === 'config' ? 'From the configuration file' : 'Ships with Switchboard'}>
            {provider.source === 'config' ? 'Config file' : 'Built-in'}
          </Badge>
        )}
      </td>
    </tr>
  );
});
