import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { Icon } from './Icon.js';

const MAX_SHOWN = 200;

/**
 * A filter picker: a button that opens a panel of checkboxes with a search box. Values are shown as text exactly
 * as received (they can be anything a client sent).
 */
export function MultiSelect({ label, options, selected, onChange, testId }: {
  label: string;
  options: readonly string[];
  selected: readonly string[];
  onChange: (values: string[]) => void;
  testId?: string;
}) {
  const [open, setOpen] = useState(false);
  const [search, setSearch] = useState('');
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const panelId = useId();

  useEffect(() => {
    if (!open) return;
    const onPointerDown = (event: PointerEvent) => {
      if (!rootRef.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointerDown);
    return () => document.removeEventListener('pointerdown', onPointerDown);
  }, [open]);

  // Selected values stay listed even when the current range has no data for them.
  const all = useMemo(() => {
    const seen = new Set(options);
    return [...options, ...selected.filter((value) => !seen.has(value))];
  }, [options, selected]);
  const shown = useMemo(() => {
    const needle = search.trim().toLowerCase();
    const matches = needle === '' ? all : all.filter((value) => value.toLowerCase().includes(needle));
    return matches.slice(0, MAX_SHOWN);
  }, [all, search]);

  const toggle = (value: string) => {
    onChange(selected.includes(value) ? selected.filter((item) => item !== value) : [...selected, value]);
  };

  return (
    <div
      className="multiselect"
      ref={rootRef}
      data-testid={testId}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && open) {
          event.stopPropagation();
          setOpen(false);
          buttonRef.current?.focus();
        }
      }}
    >
      <button
        ref={buttonRef}
        type="button"
        className={selected.length > 0 ? 'btn btn-secondary btn-sm is-active' : 'btn btn-secondary btn-sm'}
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => { setOpen((value) => !value); setSearch(''); }}
      >
        {label}
        {selected.length > 0 ? <span className="count-pill">{selected.length}</span> : null}
        <Icon name="chevronDown" size={14} />
      </button>
      {open ? (
        <div className="popover" id={panelId} role="group" aria-label={`${label} filter`}>
          <input
            type="search"
            className="input input-sm"
            placeholder={`Search ${label.toLowerCase()}…`}
            aria-label={`Search ${label.toLowerCase()}`}
            value={search}
            autoFocus
            onChange={(event) => setSearch(event.target.value)}
          />
          <div className="popover-list">
            {shown.length === 0 ? <div className="popover-empty">{all.length === 0 ? 'No values in this range' : 'No match'}</div> : null}
            {shown.map((value) => (
              <label key={value} className="check-row">
                <input type="checkbox" checked={selected.includes(value)} onChange={() => toggle(value)} />
                <span className="check-row-text">{value === '' ? '(unknown)' : value}</span>
              </label>
            ))}
            {all.length > shown.length && search === '' ? <div className="popover-empty">Search to see more…</div> : null}
          </div>
          {selected.length > 0 ? (
            <button type="button" className="link-button" onClick={() => onChange([])}>Clear {label.toLowerCase()}</button>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
