/** A horizontal bar behind a number, relative to the largest value in its column. */
export function BarCell({ value, max, label }: { value: number; max: number; label: string }) {
  const fraction = max > 0 ? Math.max(0, Math.min(1, value / max)) : 0;
  return (
    <div className="bar-cell">
      <div className="bar-track" aria-hidden="true">
        <div className="bar-fill" style={{ width: `${(fraction * 100).toFixed(2)}%` }} />
      </div>
      <span className="bar-value">{label}</span>
    </div>
  );
}
