import { useState } from 'react';
import { errorMessage } from '../../api/api-error.js';
import type { Settings } from '../../api/types.js';
import { Button } from '../../components/Button.js';
import { Field, FormMessage } from '../../components/Field.js';
import { ModelPicker } from '../../components/ModelPicker.js';
import { ErrorState, LoadingState } from '../../components/PageStates.js';
import { Toggle } from '../../components/Toggle.js';
import { usePatchSettings } from '../../hooks/mutations/useSettingsMutations.js';
import { useModelsQuery } from '../../hooks/queries/useModelsQuery.js';
import { modelKey } from '../../lib/model-search.js';
import { settingsFormFrom, toSettingsPatch, type SettingsForm, type SettingsFormErrors } from './settings-form.js';

function SwitchRow({ label, description, checked, onChange, testId }: {
  label: string;
  description: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  testId: string;
}) {
  return (
    <div className="switch-row" data-testid={testId}>
      <div>
        <div className="switch-row-label">{label}</div>
        <div className="field-hint">{description}</div>
      </div>
      <Toggle checked={checked} onChange={onChange} label={label} />
    </div>
  );
}

export function SettingsFormView({ saved }: { saved: Settings }) {
  const [form, setForm] = useState<SettingsForm>(() => settingsFormFrom(saved));
  const [errors, setErrors] = useState<SettingsFormErrors>({});
  const [message, setMessage] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  const patch = usePatchSettings();
  const models = useModelsQuery();
  const set = <K extends keyof SettingsForm>(key: K, value: SettingsForm[K]) => {
    setForm((current) => ({ ...current, [key]: value }));
    setMessage(null);
  };

  const submit = () => {
    const result = toSettingsPatch(form, saved);
    if (!result.ok) {
      setErrors(result.errors);
      setMessage({ tone: 'error', text: 'Some fields need a fix before saving.' });
      return;
    }
    setErrors({});
    if (Object.keys(result.patch).length === 0) {
      setMessage({ tone: 'success', text: 'Nothing changed.' });
      return;
    }
    patch.mutate(result.patch, {
      onSuccess: (settings) => {
        setForm(settingsFormFrom(settings));
        setMessage({ tone: 'success', text: 'Settings saved.' });
      },
      onError: (error) => setMessage({ tone: 'error', text: errorMessage(error) }),
    });
  };

  return (
    <form
      className="settings-form"
      onSubmit={(event) => { event.preventDefault(); submit(); }}
      noValidate
      data-testid="settings-form"
    >
      <section className="card section" aria-labelledby="settings-routing">
        <h2 id="settings-routing">Routing</h2>
        <Field
          label="Default model for unknown names"
          hint="Off by default: a model name Switchboard does not know is a 404. When set, such requests go to this model instead."
        >
          {(control) => (
            models.data ? (
              <ModelPicker
                control={control}
                models={models.data}
                value={form.defaultModel}
                noneLabel="Off (unknown names return 404)"
                onChange={(model) => set('defaultModel', model ? modelKey(model) : null)}
                testId="default-model-picker"
              />
            ) : models.error ? (
              <ErrorState error={models.error} title="Could not load the models" onRetry={() => void models.refetch()} />
            ) : (
              <LoadingState label="Loading models…" />
            )
          )}
        </Field>
        <Field label="Default tag" hint="Recorded on requests that carry no tag of their own (model@tag)." error={errors.defaultTag}>
          {(control) => (
            <input {...control} className="input mono input-medium" value={form.defaultTag} spellCheck={false} onChange={(event) => set('defaultTag', event.target.value)} />
          )}
        </Field>
      </section>

      <section className="card section" aria-labelledby="settings-usage">
        <h2 id="settings-usage">Usage tracking</h2>
        <SwitchRow
          label="Record usage"
          description="One row per request: time, client, tags, model, tokens, cost, latency. Never prompts or answers."
          checked={form.trackingEnabled}
          onChange={(value) => set('trackingEnabled', value)}
          testId="setting-tracking"
        />
        <SwitchRow
          label="Resolve client host names"
          description="Look up each client IP's host name (reverse DNS) to show names instead of addresses."
          checked={form.dnsResolution}
          onChange={(value) => set('dnsResolution', value)}
          testId="setting-dns"
        />
        <Field
          label="Trusted proxies"
          hint="One IP address or CIDR range per line. Only these may set X-Forwarded-For; leave empty when clients connect directly."
          error={errors.trustedProxies}
        >
          {(control) => (
            <textarea
              {...control}
              className="input mono"
              rows={4}
              spellCheck={false}
              placeholder={'10.0.0.0/8\n192.168.1.1'}
              value={form.trustedProxies}
              onChange={(event) => set('trustedProxies', event.target.value)}
            />
          )}
        </Field>
        <Field label="Keep usage data for (days)" hint="Older records and totals are deleted. 0 keeps everything." error={errors.retentionDays}>
          {(control) => (
            <input {...control} className="input input-small" inputMode="numeric" value={form.retentionDays} onChange={(event) => set('retentionDays', event.target.value)} />
          )}
        </Field>
      </section>

      <section className="card section" aria-labelledby="settings-catalog">
        <h2 id="settings-catalog">Catalog</h2>
        <SwitchRow
          label="Refresh prices daily"
          description="Update model prices once a day from OpenRouter's public model list. Your overrides always win."
          checked={form.priceRefresh}
          onChange={(value) => set('priceRefresh', value)}
          testId="setting-price-refresh"
        />
      </section>

      <div className="form-actions">
        {message ? <FormMessage tone={message.tone}>{message.text}</FormMessage> : null}
        <Button type="submit" variant="primary" busy={patch.isPending} data-testid="settings-save">Save settings</Button>
      </div>
    </form>
  );
}
