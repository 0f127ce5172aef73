import { memo, useCallback, useMemo, useState } from 'react';
import { errorMessage } from '../../api/api-error.js';
import type { AliasView } from '../../api/types.js';
import { Badge } from '../../components/Badge.js';
import { Button } from '../../components/Button.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { Icon } from '../../components/Icon.js';
import { PageHeader } from '../../components/PageHeader.js';
import { EmptyState, QueryView } from '../../components/PageStates.js';
import { TableScroll } from '../../components/TableScroll.js';
import { useToast } from '../../components/Toaster.js';
import { Toggle } from '../../components/Toggle.js';
import { useDeleteCustomAlias, useSetAliasEnabled } from '../../hooks/mutations/useAliasMutations.js';
import { useAliasesQuery } from '../../hooks/queries/useAliasesQuery.js';
import { formatInteger } from '../../lib/format.js';
import { AliasFormDialog } from './AliasFormDialog.js';

type DialogState = { kind: 'create' } | { kind: 'edit'; alias: AliasView } | { kind: 'delete'; alias: AliasView } | null;
type RowActions = {
  onToggle: (alias: AliasView, enabled: boolean) => void;
  onEdit: (alias: AliasView) => void;
  onDelete: (alias: AliasView) => void;
};

const AliasRow = memo(function AliasRow({ alias, actions }: { alias: AliasView; actions: RowActions }) {
  return (
    <tr className={alias.enabled ? undefined : 'row-muted'} data-testid="alias-row">
      <td className="mono cell-title">{alias.alias}</td>
      <td>
        <div className="mono">{alias.modelId}</div>
        <div className="cell-sub">{alias.provider}</div>
      </td>
      <td><Badge tone={alias.source === 'custom' ? 'accent' : 'neutral'}>{alias.source}</Badge></td>
      <td>
        <Toggle checked={alias.enabled} label={`Alias ${alias.alias} enabled`} onChange={(enabled) => actions.onToggle(alias, enabled)} />
      </td>
      <td className="actions">
        {alias.source === 'custom' ? (
          <>
            <Button size="sm" variant="ghost" icon="edit" onClick={() => actions.onEdit(alias)} aria-label={`Edit alias ${alias.alias}`} title={`Edit alias ${alias.alias}`} />
            <Button size="sm" variant="ghost" icon="trash" onClick={() => actions.onDelete(alias)} aria-label={`Delete alias ${alias.alias}`} title={`Delete alias ${alias.alias}`} />
          </>
        ) : null}
      </td>
    </tr>
  );
});

function DeleteAliasDialog({ alias, onClose }: { alias: AliasView; onClose: () => void }) {
  const remove = useDeleteCustomAlias();
  const toast = useToast();
  return (
    <ConfirmDialog
      title={`Delete alias ${alias.alias}?`}
      confirmLabel="Delete alias"
      busy={remove.isPending}
      error={remove.error}
      onClose={onClose}
      onConfirm={() => remove.mutate(alias.alias, {
        onSuccess: () => {
          toast.success(`Alias ${alias.alias} deleted`);
          onClose();
        },
      })}
    >
      <p>Clients sending <code>{alias.alias}</code> will get a “model not found” error.</p>
    </ConfirmDialog>
  );
}

function AliasesTable({ aliases, actions }: { aliases: AliasView[]; actions: RowActions }) {
  const [search, setSearch] = useState('');
  const shown = useMemo(() => {
    const needle = search.trim().toLowerCase();
    if (needle === '') return aliases;
    return aliases.filter((alias) => `${alias.alias} ${alias.provider}/${alias.modelId}`.toLowerCase().includes(needle));
  }, [aliases, search]);

  if (aliases.length === 0) {
    return <EmptyState title="No aliases">Add one to give a model a short, stable name.</EmptyState>;
  }
  return (
    <>
      <div className="toolbar" role="search">
        <div className="search-box">
          <Icon name="search" />
          <input type="search" className="input" placeholder="Search aliases or models…" aria-label="Search aliases" value={search} onChange={(event) => setSearch(event.target.value)} />
        </div>
        <span className="muted">{shown.length === aliases.length ? `${formatInteger(aliases.length)} aliases` : `${formatInteger(shown.length)} of ${formatInteger(aliases.length)}`}</span>
      </div>
      {shown.length === 0 ? <EmptyState title="No alias matches" /> : (
        <TableScroll label="Aliases">
          <table className="table" data-testid="aliases-table">
            <thead>
              <tr>
                <th scope="col">Alias</th>
                <th scope="col">Target model</th>
                <th scope="col">Source</th>
                <th scope="col">Enabled</th>
                <th scope="col"><span className="sr-only">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              {shown.map((alias) => <AliasRow key={`${alias.provider}\0${alias.alias}`} alias={alias} actions={actions} />)}
            </tbody>
          </table>
        </TableScroll>
      )}
    </>
  );
}

export function AliasesPage() {
  const aliases = useAliasesQuery();
  const [dialog, setDialog] = useState<DialogState>(null);
  const { mutate: toggle } = useSetAliasEnabled();
  const toast = useToast();
  const close = useCallback(() => setDialog(null), []);

  const actions = useMemo<RowActions>(() => ({
    onToggle: (alias, enabled) => toggle({ alias: alias.alias, provider: alias.provider, enabled }, {
      onError: (error) => toast.error(`Could not ${enabled ? 'enable' : 'disable'} ${alias.alias}: ${errorMessage(error)}`),
    }),
    onEdit: (alias) => setDialog({ kind: 'edit', alias }),
    onDelete: (alias) => setDialog({ kind: 'delete', alias }),
  }), [toggle, toast]);

  return (
    <>
      <PageHeader
        title="Aliases"
        description="Short names that point at a model. System aliases ship with the catalog and can be turned off; custom ones are yours."
        actions={<Button variant="primary" icon="plus" onClick={() => setDialog({ kind: 'create' })} data-testid="add-alias">Add alias</Button>}
      />
      <section className="card section">
        <QueryView query={aliases}>
          {(list) => <AliasesTable aliases={list} actions={actions} />}
        </QueryView>
      </section>
      {dialog?.kind === 'create' ? <AliasFormDialog onClose={close} /> : null}
      {dialog?.kind === 'edit' ? <AliasFormDialog alias={dialog.alias} onClose={close} /> : null}
      {dialog?.kind === 'delete' ? <DeleteAliasDialog alias={dialog.alias} onClose={close} /> : null}
    </>
  );
}
