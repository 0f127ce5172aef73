/** An on/off switch: a real button with role=switch, so it is focusable and announced with its state. */
export function Toggle({
  checked, onChange, label, disabled = false, showLabel = false,
}: {
  checked: boolean;
  onChange: (checked: boolean) => void;
  /** Accessible name; shown beside the switch when showLabel. */
  label: string;
  disabled?: boolean;
  showLabel?: boolean;
}) {
  return (
    <button
      type="button"
      role="switch"
      aria-checked={checked}
      aria-label={showLabel ? undefined : label}
      className="toggle"
      disabled={disabled}
      onClick={() => onChange(!checked)}
    >
      <span className="toggle-track" aria-hidden="true"><span className="toggle-thumb" /></span>
      {showLabel ? <span className="toggle-label">{label}</span> : null}
    </button>
  );
}
