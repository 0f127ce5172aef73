import { useState } from 'react';
import { errorMessage } from '../../api/api-error.js';
import type { ModelView, ProviderView } from '../../api/types.js';
import { Button } from '../../components/Button.js';
import { CapabilityPicker } from '../../components/CapabilityPicker.js';
import { Dialog } from '../../components/Dialog.js';
import { Field, FormMessage } from '../../components/Field.js';
import { useToast } from '../../components/Toaster.js';
import { useSaveCustomModel } from '../../hooks/mutations/useModelMutations.js';
import {
  customModelFormFrom, emptyCustomModelForm, toCustomModelInput, type CustomModelForm, type CustomModelFormErrors,
} from './custom-model-form.js';

/** Add a model by hand to any provider (model = undefined), or edit a custom one. */
export function CustomModelDialog({ model, providers, onClose }: {
  model?: ModelView;
  providers: readonly ProviderView[];
  onClose: () => void;
}) {
  const mode = model ? 'edit' : 'create';
  const [form, setForm] = useState<CustomModelForm>(() =>
    (model ? customModelFormFrom(model) : emptyCustomModelForm(providers[0]?.id ?? '')));
  const [errors, setErrors] = useState<CustomModelFormErrors>({});
  const save = useSaveCustomModel();
  const toast = useToast();
  const set = <K extends keyof CustomModelForm>(key: K, value: CustomModelForm[K]) => setForm((current) => ({ ...current, [key]: value }));

  const submit = () => {
    const result = toCustomModelInput(form);
    if (!result.ok) {
      setErrors(result.errors);
      return;
    }
    setErrors({});
    save.mutate(result.input, {
      onSuccess: (saved) => {
        toast.success(mode === 'create' ? `Added ${saved.name}` : `Saved ${saved.name}`);
        onClose();
      },
    });
  };

  const priceField = (key: 'input' | 'output' | 'cachedInput', label: string) => (
    <Field label={label} error={errors[key]}>
      {(control) => (
        <div className="input-affix">
          <span aria-hidden="true">$</span>
          <input {...control} className="input" inputMode="decimal" autoComplete="off" value={form[key]} onChange={(event) => set(key, event.target.value)} />
        </div>
      )}
    </Field>
  );

  return (
    <Dialog
      title={mode === 'create' ? 'Add a custom model' : `Edit ${model?.name ?? ''}`}
      description="For models a provider serves that the catalog does not list. Prices are in US dollars per million tokens; leave them empty when unknown."
      onClose={onClose}
      onSubmit={submit}
      size="lg"
      testId="custom-model-form"
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" busy={save.isPending}>{mode === 'create' ? 'Add model' : 'Save changes'}</Button>
        </>
      }
    >
      <div className="form-grid">
        <Field label="Provider" error={errors.provider}>
          {(control) => (
            <select {...control} className="input" value={form.provider} disabled={mode === 'edit'} onChange={(event) => set('provider', event.target.value)} data-autofocus>
              {providers.map((provider) => <option key={provider.id} value={provider.id}>{provider.displayName} ({provider.id})</option>)}
            </select>
          )}
        </Field>
        <Field label="Model ID" hint={mode === 'edit' ? 'The ID cannot change.' : 'Exactly as the provider names it.'} error={errors.id}>
          {(control) => (
            <input {...control} className="input mono" value={form.id} disabled={mode === 'edit'} autoComplete="off" spellCheck={false} placeholder="llama-3.1-8b-instruct" onChange={(event) => set('id', event.target.value)} />
          )}
        </Field>
        <Field label="Display name" hint="Optional." error={errors.displayName}>
          {(control) => <input {...control} className="input" value={form.displayName} onChange={(event) => set('displayName', event.target.value)} />}
        </Field>
        <Field label="Kind">
          {(control) => (
            <select {...control} className="input" value={form.kind} onChange={(event) => set('kind', event.target.value === 'embedding' ? 'embedding' : 'chat')}>
              <option value="chat">Chat</option>
              <option value="embedding">Embedding</option>
            </select>
          )}
        </Field>
        <Field label="Context length (tokens)" error={errors.contextLength}>
          {(control) => <input {...control} className="input" inputMode="numeric" placeholder="128000" value={form.contextLength} onChange={(event) => set('contextLength', event.target.value)} />}
        </Field>
        <Field
          label="Max output tokens"
          hint="Optional. Requests that set no limit get this one (Anthropic-dialect providers require one)." 
          error={errors.maxOutputTokens}
        >
          {(control) => <input {...control} className="input" inputMode="numeric" value={form.maxOutputTokens} onChange={(event) => set('maxOutputTokens', event.target.value)} />}
        </Field>
      </div>
      <div className="form-grid form-grid-3">
        {priceField('input', 'Input price / 1M')}
        {priceField('output', 'Output price / 1M')}
        {priceField('cachedInput', 'Cached input / 1M')}
      </div>
      <CapabilityPicker legend="Capabilities" value={form.capabilities} onChange={(value) => set('capabilities', value)} />
      <Field label="Description" hint="Optional." error={errors.description}>
        {(control) => <textarea {...control} className="input" rows={3} maxLength={2000} value={form.description} onChange={(event) => set('description', event.target.value)} />}
      </Field>
      {save.isError ? <FormMessage tone="error">{errorMessage(save.error)}</FormMessage> : null}
    </Dialog>
  );
}
