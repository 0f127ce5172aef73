import { useState } from 'react';
import type { ProviderView } from '../../api/types.js';
import { Button } from '../../components/Button.js';
import { PageHeader } from '../../components/PageHeader.js';
import { EmptyState, QueryView } from '../../components/PageStates.js';
import { TableScroll } from '../../components/TableScroll.js';
import { useProvidersQuery } from '../../hooks/queries/useProvidersQuery.js';
import { DeleteProviderDialog } from './DeleteProviderDialog.js';
import { ProviderFormDialog } from './ProviderFormDialog.js';
import { ProviderRow } from './ProviderRow.js';

type DialogState = { kind: 'create' } | { kind: 'edit'; provider: ProviderView } | { kind: 'delete'; provider: ProviderView } | null;

function ProvidersTable({ providers, onEdit, onDelete, label, testId }: {
  providers: ProviderView[];
  onEdit: (provider: ProviderView) => void;
  onDelete: (provider: ProviderView) => void;
  label: string;
  testId: string;
}) {
  return (
    <TableScroll label={label}>
      <table className="table" data-testid={testId}>
        <thead>
          <tr>
            <th scope="col">Provider</th>
            <th scope="col">Status</th>
            <th scope="col">API key</th>
            <th scope="col">Models</th>
            <th scope="col">Enabled</th>
            <th scope="col">Test</th>
            <th scope="col"><span className="sr-only">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          {providers.map((provider) => (
            <ProviderRow key={provider.id} provider={provider} onEdit={onEdit} onDelete={onDelete} />
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

export function ProvidersPage() {
  const providers = useProvidersQuery();
  const [dialog, setDialog] = useState<DialogState>(null);
  const close = () => setDialog(null);
  const onEdit = (provider: ProviderView) => setDialog({ kind: 'edit', provider });
  const onDelete = (provider: ProviderView) => setDialog({ kind: 'delete', provider });

  return (
    <>
      <PageHeader
        title="Providers"
        description="Built-in providers become active when their key variable is set. Add your own OpenAI-, Anthropic- or Ollama-compatible servers."
        actions={<Button variant="primary" icon="plus" onClick={() => setDialog({ kind: 'create' })} data-testid="add-provider">Add provider</Button>}
      />
      <QueryView query={providers}>
        {(list) => {
          const custom = list.filter((provider) => provider.source === 'custom');
          const builtIn = list.filter((provider) => provider.source !== 'custom');
          return (
            <>
              <section className="card section" aria-labelledby="custom-providers-title">
                <div className="section-header">
                  <h2 id="custom-providers-title">Custom</h2>
                  <span className="muted">{custom.length}</span>
                </div>
                {custom.length === 0 ? (
                  <EmptyState title="No custom providers">
                    <p>Point Switchboard at a local Ollama, vLLM, LM Studio or any compatible gateway.</p>
                    <Button icon="plus" onClick={() => setDialog({ kind: 'create' })}>Add provider</Button>
                  </EmptyState>
                ) : (
                  <ProvidersTable providers={custom} onEdit={onEdit} onDelete={onDelete} label="Custom providers" testId="custom-providers" />
                )}
              </section>
              <section className="card section" aria-labelledby="builtin-providers-title">
                <div className="section-header">
                  <h2 id="builtin-providers-title">Built-in and configured</h2>
                  <span className="muted">{builtIn.length}</span>
                </div>
                {builtIn.length === 0 ? (
                  <EmptyState title="No built-in providers" />
                ) : (
                  <ProvidersTable providers={builtIn} onEdit={onEdit} onDelete={onDelete} label="Built-in providers" testId="builtin-providers" />
                )}
              </section>
            </>
          );
        }}
      </QueryView>
      {dialog?.kind === 'create' ? <ProviderFormDialog onClose={close} /> : null}
      {dialog?.kind === 'edit' ? <ProviderFormDialog provider={dialog.provider} onClose={close} /> : null}
      {dialog?.kind === 'delete' ? <DeleteProviderDialog provider={dialog.provider} onClose={close} /> : null}
    </>
  );
}
