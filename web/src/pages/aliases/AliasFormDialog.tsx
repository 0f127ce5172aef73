import { useState } from 'react';
import { errorMessage } from '../../api/api-error.js';
import type { AliasView } from '../../api/types.js';
import { Button } from '../../components/Button.js';
import { Dialog } from '../../components/Dialog.js';
import { Field, FormMessage } from '../../components/Field.js';
import { ModelPicker } from '../../components/ModelPicker.js';
import { ErrorState, LoadingState } from '../../components/PageStates.js';
import { useToast } from '../../components/Toaster.js';
import { useSaveCustomAlias } from '../../hooks/mutations/useAliasMutations.js';
import { useModelsQuery } from '../../hooks/queries/useModelsQuery.js';
import { aliasFormFrom, emptyAliasForm, toCustomAliasInput, type AliasForm, type AliasFormErrors } from './alias-form.js';

/** Add a custom alias (alias = undefined) or point an existing custom one at another model. */
export function AliasFormDialog({ alias, onClose }: { alias?: AliasView; onClose: () => void }) {
  const mode = alias ? 'edit' : 'create';
  const [form, setForm] = useState<AliasForm>(() => (alias ? aliasFormFrom(alias) : emptyAliasForm()));
  const [errors, setErrors] = useState<AliasFormErrors>({});
  const models = useModelsQuery();
  const save = useSaveCustomAlias();
  const toast = useToast();

  const submit = () => {
    const result = toCustomAliasInput(form);
    if (!result.ok) {
      setErrors(result.errors);
      return;
    }
    setErrors({});
    save.mutate(result.input, {
      onSuccess: (view) => {
        toast.success(mode === 'create' ? `Alias ${view.alias} added` : `Alias ${view.alias} saved`);
        onClose();
      },
    });
  };

  return (
    <Dialog
      title={mode === 'create' ? 'Add an alias' : `Edit alias ${alias?.alias ?? ''}`}
      description="A short name clients can send instead of the model's own, e.g. “fast” → groq/llama-3.1-8b-instant."
      onClose={onClose}
      onSubmit={submit}
      testId="alias-form"
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" busy={save.isPending} data-testid="alias-form-submit">
            {mode === 'create' ? 'Add alias' : 'Save alias'}
          </Button>
        </>
      }
    >
      <Field label="Alias" hint={mode === 'edit' ? 'To rename, delete it and add a new one.' : undefined} error={errors.alias}>
        {(control) => (
          <input
            {...control}
            className="input mono"
            value={form.alias}
            disabled={mode === 'edit'}
            autoComplete="off"
            spellCheck={false}
            placeholder="fast"
            onChange={(event) => setForm((current) => ({ ...current, alias: event.target.value }))}
            data-autofocus
            data-testid="alias-name"
          />
        )}
      </Field>
      <Field label="Target model" error={errors.model}>
        {(control) => (
          models.data ? (
            <ModelPicker
              control={control}
              models={models.data}
              value={form.provider === '' ? null : `${form.provider}/${form.modelId}`}
              onChange={(model) => setForm((current) => ({ ...current, provider: model?.provider ?? '', modelId: model?.id ?? '' }))}
              testId="alias-model-picker"
            />
          ) : models.error ? (
            <ErrorState error={models.error} title="Could not load the models" onRetry={() => void models.refetch()} />
          ) : (
            <LoadingState label="Loading models…" />
          )
        )}
      </Field>
      <label className="check-row">
        <input type="checkbox" checked={form.enabled} onChange={(event) => setForm((current) => ({ ...current, enabled: event.target.checked }))} />
        <span>Enabled</span>
      </label>
      {save.isError ? <FormMessage tone="error">{errorMessage(save.error)}</FormMessage> : null}
    </Dialog>
  );
}
