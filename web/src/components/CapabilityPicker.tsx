import { CAPABILITIES, capabilityLabel } from '../lib/capabilities.js';

/** Checkboxes for the model capabilities the API knows, as one labelled group. */
export function CapabilityPicker({ legend, value, onChange, disabled = false }: {
  legend: string;
  value: readonly string[];
  onChange: (value: string[]) => void;
  disabled?: boolean;
}) {
  return (
    <fieldset className="fieldset capability-picker" disabled={disabled}>
      <legend>{legend}</legend>
      <div className="check-grid">
        {CAPABILITIES.map((capability) => (
          <label key={capability} className="check-row">
            <input
              type="checkbox"
              checked={value.includes(capability)}
              onChange={(event) => onChange(
                event.target.checked
                  ? CAPABILITIES.filter((item) => item === capability || value.includes(item))
                  : value.filter((item) => item !== capability),
              )}
            />
            <span>{capabilityLabel(capability)}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
