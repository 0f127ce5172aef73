import { useState } from 'react';
import { errorMessage } from '../../api/api-error.js';
import type { CustomProviderType, ProviderView } from '../../api/types.js';
import { Button } from '../../components/Button.js';
import { Dialog } from '../../components/Dialog.js';
import { Field, FormMessage } from '../../components/Field.js';
import { Icon } from '../../components/Icon.js';
import { useToast } from '../../components/Toaster.js';
import { useCreateProvider, useUpdateProvider } from '../../hooks/mutations/useProviderMutations.js';
import {
  emptyProviderForm, PROVIDER_TYPES, providerFormFrom, toCustomProviderInput, validateProviderForm, type ProviderForm,
  type ProviderFormErrors,
} from './provider-form.js';

/** Add (provider = undefined) or edit a custom provider. */
export function ProviderFormDialog({ provider, onClose }: { provider?: ProviderView; onClose: () => void }) {
  const mode = provider ? 'edit' : 'create';
  const [form, setForm] = useState<ProviderForm>(() => (provider ? providerFormFrom(provider) : emptyProviderForm()));
  const [errors, setErrors] = useState<ProviderFormErrors>({});
  const create = useCreateProvider();
  const update = useUpdateProvider();
  const mutation = mode === 'create' ? create : update;
  const toast = useToast();

  const set = <K extends keyof ProviderForm>(key: K, value: ProviderForm[K]) => setForm((current) => ({ ...current, [key]: value }));
  const setHeader = (index: number, row: { name?: string; value?: string }) =>
    set('headers', form.headers.map((item, i) => (i === index ? { ...item, ...row } : item)));
  const typeInfo = PROVIDER_TYPES.find((type) => type.value === form.type) ?? PROVIDER_TYPES[0]!;

  const submit = () => {
    const found = validateProviderForm(form);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    mutation.mutate(toCustomProviderInput(form, mode), {
      onSuccess: (saved) => {
        toast.success(mode === 'create' ? `Added ${saved.displayName}` : `Saved ${saved.displayName}`);
        onClose();
      },
    });
  };

  return (
    <Dialog
      title={mode === 'create' ? 'Add a custom provider' : `Edit ${provider?.displayName ?? ''}`}
      description="Any server speaking the OpenAI, Anthropic or Ollama API. Keys stay in the environment: give the variable's name."
      onClose={onClose}
      onSubmit={submit}
      size="lg"
      testId="provider-form"
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" busy={mutation.isPending} data-testid="provider-form-submit">
            {mode === 'create' ? 'Add provider' : 'Save changes'}
          </Button>
        </>
      }
    >
      <div className="form-grid">
        <Field label="API type">
          {(control) => (
            <select
              {...control}
              className="input"
              value={form.type}
              onChange={(event) => set('type', event.target.value as CustomProviderType)}
              data-autofocus
            >
              {PROVIDER_TYPES.map((type) => <option key={type.value} value={type.value}>{type.label}</option>)}
            </select>
          )}
        </Field>
        <Field label="ID" hint={mode === 'edit' ? 'The ID cannot change.' : 'Used in model names: id/model.'} error={errors.id}>
          {(control) => (
            <input
              {...control}
              className="input mono"
              value={form.id}
              disabled={mode === 'edit'}
              placeholder="my-llm"
              autoComplete="off"
              spellCheck={false}
              onChange={(event) => set('id', event.target.value.toLowerCase())}
            />
          )}
        </Field>
        <Field label="Display name" hint="Optional." error={errors.displayName}>
          {(control) => (
            <input {...control} className="input" value={form.displayName} placeholder="My LLM server" onChange={(event) => set('displayName', event.target.value)} />
          )}
        </Field>
        <Field
          label="API key environment variable"
          hint={form.type === 'ollama' ? 'Usually empty: Ollama needs no key.' : 'Optional. The key itself is never stored or shown.'}
          error={errors.apiKeyEnv}
        >
          {(control) => (
            <input
              {...control}
              className="input mono"
              value={form.apiKeyEnv}
              placeholder="MY_LLM_API_KEY"
              autoComplete="off"
              spellCheck={false}
              onChange={(event) => set('apiKeyEnv', event.target.value)}
            />
          )}
        </Field>
        <Field label="Base URL" error={errors.baseUrl} className="span-2">
          {(control) => (
            <input
              {...control}
              className="input mono"
              type="url"
              inputMode="url"
              value={form.baseUrl}
              placeholder={typeInfo.baseUrlExample}
              spellCheck={false}
              onChange={(event) => set('baseUrl', event.target.value)}
            />
          )}
        </Field>
      </div>

      <fieldset className="fieldset">
        <legend>Extra headers</legend>
        {!form.replaceHeaders ? (
          <div className="headers-kept">
            <p className="muted">
              Sent with every request: {provider?.headerNames.map((name, index) => (
                <span key={name}>{index > 0 ? ', ' : ''}<code>{name}</code></span>
              ))}. Values are write-only and are kept as they are.
            </p>
            <Button size="sm" onClick={() => setForm((current) => ({ ...current, replaceHeaders: true }))}>Replace headers</Button>
          </div>
        ) : (
          <>
            {form.headers.length === 0 ? <p className="muted">None. Add one for gateways that need, say, an organisation header.</p> : null}
            {form.headers.map((row, index) => (
              <div className="header-row" key={index}>
                <Field label={`Header ${index + 1} name`}>
                  {(control) => (
                    <input {...control} className="input mono" value={row.name} placeholder="X-Header-Name" spellCheck={false} onChange={(event) => setHeader(index, { name: event.target.value })} />
                  )}
                </Field>
                <Field label={`Header ${index + 1} value`}>
                  {(control) => (
                    <input
                      {...control}
                      className="input mono"
                      type="password"
                      autoComplete="new-password"
                      value={row.value}
                      placeholder={mode === 'edit' ? 'Enter the value again' : 'value'}
                      onChange={(event) => setHeader(index, { value: event.target.value })}
                    />
                  )}
                </Field>
                <button
                  type="button"
                  className="icon-button header-remove"
                  aria-label={`Remove header ${index + 1}`}
                  onClick={() => set('headers', form.headers.filter((_, i) => i !== index))}
                >
                  <Icon name="close" />
                </button>
              </div>
            ))}
            {errors.headers ? <div className="field-error" role="alert">{errors.headers}</div> : null}
            <Button size="sm" icon="plus" onClick={() => set('headers', [...form.headers, { name: '', value: '' }])}>Add header</Button>
          </>
        )}
      </fieldset>

      {mode === 'create' ? (
        <label className="check-row">
          <input type="checkbox" checked={form.enabled} onChange={(event) => set('enabled', event.target.checked)} />
          <span>Enable now</span>
        </label>
      ) : null}
      {mutation.isError ? <FormMessage tone="error">{errorMessage(mutation.error)}</FormMessage> : null}
    </Dialog>
  );
}
