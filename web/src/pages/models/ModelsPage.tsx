import { useCallback, useDeferredValue, useMemo, useState } from 'react';
import { errorMessage } from '../../api/api-error.js';
import type { ModelView } from '../../api/types.js';
import { Button } from '../../components/Button.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { Icon } from '../../components/Icon.js';
import { PageHeader } from '../../components/PageHeader.js';
import { EmptyState, QueryView } from '../../components/PageStates.js';
import { TableScroll } from '../../components/TableScroll.js';
import { useToast } from '../../components/Toaster.js';
import { useDeleteCustomModel, useSetModelEnabled } from '../../hooks/mutations/useModelMutations.js';
import { useModelsQuery } from '../../hooks/queries/useModelsQuery.js';
import { useProvidersQuery } from '../../hooks/queries/useProvidersQuery.js';
import { capabilityLabel } from '../../lib/capabilities.js';
import { formatInteger } from '../../lib/format.js';
import { useSearchParams } from '../../router/router.js';
import { CustomModelDialog } from './CustomModelDialog.js';
import { filterModels, indexModels, readModelFilter, writeModelFilter, type ModelFilter } from './model-filter.js';
import { ModelRow, type ModelRowActions } from './ModelRow.js';
import { OverrideDialog } from './OverrideDialog.js';

/** Rows rendered at first; the rest on demand, so a catalog of thousands stays quick to filter. */
const PAGE_ROWS = 200;

type DialogState =
  | { kind: 'override'; model: ModelView }
  | { kind: 'create' }
  | { kind: 'edit'; model: ModelView }
  | { kind: 'delete'; model: ModelView }
  | null;

function DeleteModelDialog({ model, onClose }: { model: ModelView; onClose: () => void }) {
  const remove = useDeleteCustomModel();
  const toast = useToast();
  return (
    <ConfirmDialog
      title={`Delete ${model.name}?`}
      confirmLabel="Delete model"
      busy={remove.isPending}
      error={remove.error}
      onClose={onClose}
      onConfirm={() => remove.mutate({ provider: model.provider, id: model.id }, {
        onSuccess: () => {
          toast.success(`Deleted ${model.name}`);
          onClose();
        },
      })}
    >
      <p>Clients asking for <code>{model.name}</code> will get a “model not found” error. Aliases pointing to it stop working.</p>
    </ConfirmDialog>
  );
}

function ModelsToolbar({ filter, onChange, providers, capabilities }: {
  filter: ModelFilter;
  onChange: (filter: ModelFilter) => void;
  providers: string[];
  capabilities: string[];
}) {
  const set = <K extends keyof ModelFilter>(key: K, value: ModelFilter[K]) => onChange({ ...filter, [key]: value });
  const active = filter.provider !== '' || filter.source !== '' || filter.capability !== '' || filter.status !== '' || filter.search !== '';
  return (
    <div className="toolbar" role="search">
      <div className="search-box">
        <Icon name="search" />
        <input
          type="search"
          className="input"
          placeholder="Search name, provider, alias…"
          aria-label="Search models"
          value={filter.search}
          onChange={(event) => set('search', event.target.value)}
          data-testid="models-search"
        />
      </div>
      <select className="input input-auto" aria-label="Provider" value={filter.provider} onChange={(event) => set('provider', event.target.value)}>
        <option value="">All providers</option>
        {providers.map((provider) => <option key={provider} value={provider}>{provider}</option>)}
      </select>
      <select className="input input-auto" aria-label="Source" value={filter.source} onChange={(event) => set('source', event.target.value as ModelFilter['source'])}>
        <option value="">All sources</option>
        <option value="system">System</option>
        <option value="discovered">Discovered</option>
        <option value="custom">Custom</option>
      </select>
      <select className="input input-auto" aria-label="Capability" value={filter.capability} onChange={(event) => set('capability', event.target.value)}>
        <option value="">Any capability</option>
        {capabilities.map((capability) => <option key={capability} value={capability}>{capabilityLabel(capability)}</option>)}
      </select>
      <select className="input input-auto" aria-label="Status" value={filter.status} onChange={(event) => set('status', event.target.value as ModelFilter['status'])}>
        <option value="">Any status</option>
        <option value="enabled">Enabled</option>
        <option value="disabled">Disabled</option>
        <option value="unserved">Not served</option>
      </select>
      {active ? (
        <button type="button" className="link-button" onClick={() => onChange({ search: '', provider: '', source: '', capability: '', status: '' })}>
          Clear filters
        </button>
      ) : null}
    </div>
  );
}

function ModelsTable({ models, filter, actions }: { models: ModelView[]; filter: ModelFilter; actions: ModelRowActions }) {
  const deferredFilter = useDeferredValue(filter);
  const indexed = useMemo(() => indexModels(models), [models]);
  const shown = useMemo(() => filterModels(indexed, deferredFilter), [indexed, deferredFilter]);
  const [limit, setLimit] = useState(PAGE_ROWS);
  const stale = deferredFilter !== filter;

  if (models.length === 0) {
    return <EmptyState title="No models">Models appear when a provider is active, or add a custom one.</EmptyState>;
  }
  return (
    <>
      <div className="result-count muted" aria-live="polite">
        {shown.length === models.length ? `${formatInteger(models.length)} models` : `${formatInteger(shown.length)} of ${formatInteger(models.length)} models`}
      </div>
      {shown.length === 0 ? (
        <EmptyState title="No model matches these filters" />
      ) : (
        <TableScroll label="Models">
          <table className={stale ? 'table models-table is-stale' : 'table models-table'} data-testid="models-table">
            <thead>
              <tr>
                <th scope="col">Model</th>
                <th scope="col">Provider · source</th>
                <th scope="col" className="num">Context</th>
                <th scope="col">Capabilities</th>
                <th scope="col" className="num" title="US dollars per million tokens: input / output, then cached input">In / out per 1M</th>
                <th scope="col">Enabled</th>
                <th scope="col"><span className="sr-only">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              {shown.slice(0, limit).map((model) => (
                <ModelRow key={`${model.provider}/${model.id}`} model={model} actions={actions} />
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      {shown.length > limit ? (
        <div className="show-more">
          <Button onClick={() => setLimit((current) => current + PAGE_ROWS * 2)}>
            Show more ({formatInteger(shown.length - limit)} hidden)
          </Button>
        </div>
      ) : null}
    </>
  );
}

export function ModelsPage() {
  const models = useModelsQuery();
  const providers = useProvidersQuery();
  const [params, setParams] = useSearchParams();
  const filter = useMemo(() => readModelFilter(params), [params]);
  const [dialog, setDialog] = useState<DialogState>(null);
  const setEnabled = useSetModelEnabled();
  const toast = useToast();
  const { mutate: toggle } = setEnabled;

  const actions = useMemo<ModelRowActions>(() => ({
    onToggle: (model, enabled) => toggle({ provider: model.provider, id: model.id, enabled }, {
      onError: (error) => toast.error(`Could not ${enabled ? 'enable' : 'disable'} ${model.name}: ${errorMessage(error)}`),
    }),
    onOverride: (model) => setDialog({ kind: 'override', model }),
    onEdit: (model) => setDialog({ kind: 'edit', model }),
    onDelete: (model) => setDialog({ kind: 'delete', model }),
  }), [toggle, toast]);

  const providerIds = useMemo(() => [...new Set((models.data ?? []).map((model) => model.provider))].sort(), [models.data]);
  const capabilities = useMemo(
    () => [...new Set((models.data ?? []).flatMap((model) => model.values.capabilities))].sort(),
    [models.data],
  );
  const close = useCallback(() => setDialog(null), []);
  // The dialog shows the model as it is now (after a save elsewhere), not as it was when opened.
  const current = (model: ModelView) =>
    models.data?.find((item) => item.provider === model.provider && item.id === model.id) ?? model;

  return (
    <>
      <PageHeader
        title="Models"
        description="Every model clients can ask for. Override a price or context length, turn models off, or add ones the catalog lacks."
        actions={
          <Button variant="primary" icon="plus" onClick={() => setDialog({ kind: 'create' })} disabled={!providers.data?.length} data-testid="add-model">
            Add custom model
          </Button>
        }
      />
      <section className="card section">
        <ModelsToolbar filter={filter} onChange={(next) => setParams(writeModelFilter(next))} providers={providerIds} capabilities={capabilities} />
        <QueryView query={models} loadingLabel="Loading models…">
          {(list) => <ModelsTable models={list} filter={filter} actions={actions} />}
        </QueryView>
      </section>
      {dialog?.kind === 'override' ? <OverrideDialog model={current(dialog.model)} onClose={close} /> : null}
      {dialog?.kind === 'create' ? <CustomModelDialog providers={providers.data ?? []} onClose={close} /> : null}
      {dialog?.kind === 'edit' ? <CustomModelDialog model={dialog.model} providers={providers.data ?? []} onClose={close} /> : null}
      {dialog?.kind === 'delete' ? <DeleteModelDialog model={dialog.model} onClose={close} /> : null}
    </>
  );
}
