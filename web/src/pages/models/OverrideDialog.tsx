import { useState, type ReactNode } from 'react';
import { errorMessage } from '../../api/api-error.js';
import type { ModelView } from '../../api/types.js';
import { Button } from '../../components/Button.js';
import { CapabilityPicker } from '../../components/CapabilityPicker.js';
import { Dialog } from '../../components/Dialog.js';
import { Field, FormMessage } from '../../components/Field.js';
import { useToast } from '../../components/Toaster.js';
import { useClearModelOverride, useSaveModelOverride } from '../../hooks/mutations/useModelMutations.js';
import { capabilityLabel } from '../../lib/capabilities.js';
import { formatInteger, formatPrice } from '../../lib/format.js';
import { overrideFormFrom, toOverrideInput, type OverrideForm, type OverrideFormErrors } from './override-form.js';

function SystemValue({ children }: { children: ReactNode }) {
  return <span className="system-value">System: {children}</span>;
}

/** Changes a system or discovered model's price, context, capabilities or description, beside the system values. */
export function OverrideDialog({ model, onClose }: { model: ModelView; onClose: () => void }) {
  const [form, setForm] = useState<OverrideForm>(() => overrideFormFrom(model));
  const [errors, setErrors] = useState<OverrideFormErrors>({});
  const save = useSaveModelOverride();
  const clear = useClearModelOverride();
  const toast = useToast();
  const system = model.systemValues;
  const set = <K extends keyof OverrideForm>(key: K, value: OverrideForm[K]) => setForm((current) => ({ ...current, [key]: value }));

  const clearOverride = () => clear.mutate({ provider: model.provider, id: model.id }, {
    onSuccess: () => {
      toast.success(`${model.name}: back to the system values`);
      onClose();
    },
  });

  const submit = () => {
    const result = toOverrideInput(form, model);
    if (result.kind === 'invalid') {
      setErrors(result.errors);
      return;
    }
    setErrors({});
    if (result.kind === 'empty') {
      if (model.override) clearOverride();
      else onClose();
      return;
    }
    save.mutate(result.input, {
      onSuccess: () => {
        toast.success(`Override saved for ${model.name}`);
        onClose();
      },
    });
  };

  const priceField = (key: 'input' | 'output' | 'cachedInput', label: string, systemPrice: number | undefined) => (
    <Field label={label} error={errors[key]}>
      {(control) => (
        <div className="input-with-note">
          <div className="input-affix">
            <span aria-hidden="true">$</span>
            <input
              {...control}
              className="input"
              inputMode="decimal"
              autoComplete="off"
              value={form[key]}
              placeholder={systemPrice === undefined ? 'not set' : String(systemPrice)}
              onChange={(event) => set(key, event.target.value)}
              data-autofocus={key === 'input' ? true : undefined}
              data-testid={`override-${key}`}
            />
          </div>
          <SystemValue>{formatPrice(systemPrice)}</SystemValue>
        </div>
      )}
    </Field>
  );

  const error = save.error ?? clear.error;
  return (
    <Dialog
      title={`Override ${model.name}`}
      description={<>Empty fields keep the system value. Prices are in US dollars per million tokens; they apply to requests from now on.</>}
      onClose={onClose}
      onSubmit={submit}
      size="lg"
      testId="override-dialog"
      footer={
        <>
          {model.override ? (
            <Button variant="danger" className="footer-start" onClick={clearOverride} busy={clear.isPending} data-testid="override-clear">
              Clear override
            </Button>
          ) : null}
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" busy={save.isPending} data-testid="override-save">Save override</Button>
        </>
      }
    >
      <div className="override-meta cell-sub">
        <span className="mono">{model.provider}/{model.id}</span>
      </div>
      <div className="form-grid form-grid-3">
        {priceField('input', 'Input price / 1M', system.price?.input)}
        {priceField('output', 'Output price / 1M', system.price?.output)}
        {priceField('cachedInput', 'Cached input / 1M', system.price?.cachedInput)}
      </div>
      <Field label="Context length (tokens)" error={errors.contextLength}>
        {(control) => (
          <div className="input-with-note">
            <input
              {...control}
              className="input"
              inputMode="numeric"
              autoComplete="off"
              value={form.contextLength}
              placeholder={String(system.contextLength)}
              onChange={(event) => set('contextLength', event.target.value)}
              data-testid="override-context"
            />
            <SystemValue>{formatInteger(system.contextLength)}</SystemValue>
          </div>
        )}
      </Field>
      <label className="check-row">
        <input
          type="checkbox"
          checked={form.overrideCapabilities}
          onChange={(event) => setForm((current) => ({
            ...current,
            overrideCapabilities: event.target.checked,
            capabilities: event.target.checked ? current.capabilities : [...system.capabilities],
          }))}
        />
        <span>Override capabilities</span>
        <SystemValue>{system.capabilities.length > 0 ? system.capabilities.map(capabilityLabel).join(', ') : 'none'}</SystemValue>
      </label>
      <CapabilityPicker
        legend="Capabilities"
        value={form.capabilities}
        onChange={(value) => set('capabilities', value)}
        disabled={!form.overrideCapabilities}
      />
      <Field label="Description" hint={system.description ? <>System: {system.description}</> : 'No system description.'}>
        {(control) => (
          <textarea
            {...control}
            className="input"
            rows={3}
            maxLength={2000}
            value={form.description}
            placeholder={system.description ?? ''}
            onChange={(event) => set('description', event.target.value)}
          />
        )}
      </Field>
      {error ? <FormMessage tone="error">{errorMessage(error)}</FormMessage> : null}
    </Dialog>
  );
}
